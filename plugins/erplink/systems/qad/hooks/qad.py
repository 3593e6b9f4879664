"""QAD Adaptive ERP hook, against the stand-in REST contract (see sandbox/qad/README.md).

Everything a real tenant may do differently is configuration: auth mode, token endpoint, Swagger path and
the path of every entity. ``test_connection`` checks the configured paths against the tenant's own Swagger
document, so a wrong guess fails at set-up instead of in the middle of a sync.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, ClassVar, Literal
from urllib.parse import quote

import requests
from pydantic import Field, field_validator

from erplink.auth import OAuth2ClientCredentials
from erplink.hooks.base import ErplinkHook
from erplink.hooks.settings import (
    ConnectionConfigError,
    ExtraSettings,
    JsonStrMap,
    OptionalText,
    base_url,
    join_url,
    require,
)
from erplink.http.client import RestClient
from erplink.systems.qad.auth import QadSessionAuth
from erplink.systems.qad.error_body import qad_error
from erplink.systems.qad.paging import QadOffsetPaginator
from erplink.systems.qad.windows import qad_window_params
from erplink.windows import Window, field_timestamp

DEFAULT_ENTITY_PATHS: dict[str, str] = {
    "customers": "/api/erp/v1/customers",
    "items": "/api/erp/v1/items",
    "prices": "/api/erp/v1/price-lists/{priceList}/prices",
    "inventory": "/api/erp/v1/inventory",
    "sales-orders": "/api/erp/v1/sales-orders",
    "credit-memos": "/api/erp/v1/credit-memos",
    "gl-journals": "/api/erp/v1/gl-journals",
}
# The key that identifies a document of each entity (also the page identity for the loop guard).
ENTITY_KEYS: dict[str, str] = {
    "customers": "customerCode",
    "items": "itemNumber",
    "sales-orders": "orderNumber",
    "credit-memos": "creditMemoNumber",
    "gl-journals": "externalRef",
}
DEFAULT_TOKEN_ENDPOINTS = {"jwt_session": "/api/auth/login", "client_credentials": "/oauth2/token"}
ITEM_FILTER_CHUNK = 50
_TEMPLATE_PARAM = re.compile(r"\{[^}/]+\}")

modified_at = field_timestamp("modifiedAt")


def record_key(entity: str, doc: Mapping[str, Any]) -> str:
    """A document's identity, for window boundaries: its key, or the natural key of keyless rows."""
    if entity == "inventory":
        return f"{doc.get('itemNumber')}@{doc.get('site')}/{doc.get('location')}"
    if entity == "prices":
        return f"{doc.get('itemNumber')}@{doc.get('effectiveFrom')}"
    return str(doc.get(ENTITY_KEYS.get(entity, "id")))


class QadSettings(ExtraSettings):
    auth_mode: Literal["jwt_session", "client_credentials"] = "jwt_session"
    token_endpoint: OptionalText = None
    scope: OptionalText = None
    swagger_path: str = "/api/swagger.json"
    entity_paths: JsonStrMap = Field(default_factory=dict)

    @field_validator("entity_paths")
    @classmethod
    def _paths_are_absolute(cls, value: dict[str, str]) -> dict[str, str]:
        for entity, path in value.items():
            if not path.startswith("/"):
                raise ValueError(f"path for {entity!r} must start with '/'")
        return value


def _normalise(path: str) -> str:
    return _TEMPLATE_PARAM.sub("{}", "/" + path.strip("/"))


class QadHook(ErplinkHook[QadSettings]):
    """Talks to one QAD tenant (its full tenant URL is the connection host)."""

    conn_name_attr = "qad_conn_id"
    default_conn_name = "qad_default"
    conn_type = "qad"
    hook_name = "QAD Adaptive ERP"
    system: ClassVar[str] = "qad"
    settings_model = QadSettings

    def __init__(self, *, qad_conn_id: str = default_conn_name, page_size: int = 100, **kwargs: Any) -> None:
        super().__init__(conn_id=qad_conn_id, **kwargs)
        self.page_size = page_size

    @property
    def tenant_url(self) -> str:
        return base_url(self.conn_id, self.connection.host, port=self.connection.port)

    @property
    def entity_paths(self) -> dict[str, str]:
        return {**DEFAULT_ENTITY_PATHS, **self.settings.entity_paths}

    def path_of(self, entity: str, **params: str) -> str:
        try:
            template = self.entity_paths[entity]
        except KeyError:
            raise ValueError(f"unknown QAD entity {entity!r}; known: {sorted(self.entity_paths)}") from None
        return template.format(**{k: quote(str(v), safe="") for k, v in params.items()})

    def _auth(self) -> requests.auth.AuthBase:
        conn, settings = self.connection, self.settings
        login = require(self.conn_id, "login", conn.login)
        password = require(self.conn_id, "password", conn.password)
        token_url = join_url(self.tenant_url, settings.token_endpoint or DEFAULT_TOKEN_ENDPOINTS[settings.auth_mode])
        if settings.auth_mode == "jwt_session":
            return QadSessionAuth(token_url, login, password, **self.token_request_options)
        return OAuth2ClientCredentials(token_url, login, password, scope=settings.scope, **self.token_request_options)

    def _build_client(self) -> RestClient:
        return self._rest_client(base_url=self.tenant_url, auth=self._auth(), error_parser=qad_error)

    # --- set-up check -------------------------------------------------------------------------------------

    def fetch_swagger(self) -> dict[str, Any]:
        swagger: dict[str, Any] = self.client.get_json(self.settings.swagger_path, endpoint="GET swagger")
        return swagger

    def missing_entity_paths(self, swagger: Mapping[str, Any]) -> dict[str, str]:
        """Configured entity paths the tenant's Swagger document does not declare (entity → path)."""
        declared = {_normalise(p) for p in (swagger.get("paths") or {})}
        # A document may declare paths relative to a server URL with its own path prefix.
        for server in swagger.get("servers") or []:
            prefix = "/" + re.sub(r"^[a-z]+://[^/]+", "", str(server.get("url", ""))).strip("/")
            if prefix != "/":
                declared |= {_normalise(prefix + p) for p in (swagger.get("paths") or {})}
        return {entity: path for entity, path in self.entity_paths.items() if _normalise(path) not in declared}

    def _check_connection(self) -> str:
        # An authenticated one-record read proves the credentials, not just that the host answers.
        self.client.request(
            "GET", self.path_of("customers"), params={"offset": 0, "limit": 1}, endpoint="GET customers"
        )
        missing = self.missing_entity_paths(self.fetch_swagger())
        if missing:
            listed = ", ".join(f"{entity}={path}" for entity, path in missing.items())
            raise ConnectionConfigError(
                self.conn_id, "entity_paths", f"not declared in the tenant's Swagger document: {listed}"
            )
        return f"QAD tenant authenticated; {len(self.entity_paths)} entity paths match its Swagger document"

    # --- documents ----------------------------------------------------------------------------------------

    def iter(
        self, entity: str, *, window: Window | None = None, path_params: Mapping[str, str] | None = None, **filters: Any
    ) -> Iterator[dict[str, Any]]:
        """Stream an entity's documents (filters are the API's query parameters, e.g. ``status="OPEN"``)."""
        query = {k: v for k, v in filters.items() if v is not None}
        if window is not None:
            query.update(qad_window_params(window))
        paginator = QadOffsetPaginator(limit=self.page_size, id_field=ENTITY_KEYS.get(entity, "id"))
        for doc in self._records(
            paginator, self.path_of(entity, **(path_params or {})), query, endpoint=f"GET {entity}"
        ):
            # modifiedSince has no upper bound: the window trims what arrived after its end.
            if window is None or window.admits(modified_at(doc), record_key(entity, doc)):
                yield doc

    def find_by_external_ref(self, entity: str, external_ref: str) -> dict[str, Any] | None:
        """The document created with this external reference, if any.

        The API does not enforce uniqueness; if several exist the oldest is returned (the first one created
        is the one the rest of the system has linked) and the duplicates are logged.
        """
        found = list(self.iter(entity, externalRef=external_ref))
        if len(found) > 1:
            key = ENTITY_KEYS.get(entity, "id")
            self.log.warning(
                "QAD %s has %d documents with externalRef %s: %s",
                entity,
                len(found),
                external_ref,
                [doc.get(key) for doc in found],
            )
            found.sort(key=lambda doc: str(doc.get("createdAt") or doc.get("modifiedAt") or ""))
        return found[0] if found else None

    def get(self, entity: str, key: str) -> dict[str, Any]:
        document: dict[str, Any] = self.client.get_json(
            f"{self.path_of(entity)}/{quote(str(key), safe='')}", endpoint=f"GET {entity}/{{key}}"
        )
        return document

    def create(self, entity: str, body: Mapping[str, Any]) -> dict[str, Any]:
        """POST a new document. Not idempotent: callers look it up by ``externalRef`` first."""
        created: dict[str, Any] = self.client.send_json(
            "POST", self.path_of(entity), json=dict(body), endpoint=f"POST {entity}"
        )
        return created

    def update(self, entity: str, key: str, body: Mapping[str, Any]) -> dict[str, Any]:
        updated: dict[str, Any] = self.client.send_json(
            "PATCH",
            f"{self.path_of(entity)}/{quote(str(key), safe='')}",
            json=dict(body),
            endpoint=f"PATCH {entity}/{{key}}",
        )
        return updated

    def cancel_sales_order(self, order_number: str) -> dict[str, Any]:
        path = f"{self.path_of('sales-orders')}/{quote(order_number, safe='')}/cancel"
        cancelled: dict[str, Any] = self.client.send_json("POST", path, endpoint="POST sales-orders/{key}/cancel")
        return cancelled

    def customers_by_email(self, email: str) -> list[dict[str, Any]]:
        return list(self.iter("customers", email=email))

    def items_by_numbers(self, numbers: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Items by number via the comma-list ``itemNumber`` filter; unknown numbers are absent."""
        wanted = sorted({n for n in numbers if n})
        found: dict[str, dict[str, Any]] = {}
        for start in range(0, len(wanted), ITEM_FILTER_CHUNK):
            chunk = wanted[start : start + ITEM_FILTER_CHUNK]
            for item in self.iter("items", itemNumber=",".join(chunk)):
                found[item["itemNumber"]] = item
        return found

    def prices(
        self, price_list: str, *, item_number: str | None = None, window: Window | None = None
    ) -> Iterator[dict[str, Any]]:
        return self.iter("prices", window=window, path_params={"priceList": price_list}, itemNumber=item_number)

    def inventory(
        self,
        site: str | None = None,
        location: str | None = None,
        *,
        item_number: str | None = None,
        window: Window | None = None,
    ) -> Iterator[dict[str, Any]]:
        return self.iter("inventory", window=window, site=site, location=location, itemNumber=item_number)
