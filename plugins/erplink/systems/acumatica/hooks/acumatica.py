"""Acumatica contract-based REST hook (``/entity/<endpoint>/<version>/``)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from typing import Any, ClassVar, Literal
from urllib.parse import quote

import requests
from pydantic import Field

from erplink.auth.base import token_retry
from erplink.hooks.base import ErplinkHook
from erplink.hooks.settings import ExtraSettings, OptionalText, base_url, require
from erplink.http.client import RestClient
from erplink.http.errors import PermanentApiError
from erplink.http.retry import RetryPolicy
from erplink.systems.acumatica.auth import AcumaticaPasswordGrant
from erplink.systems.acumatica.client import AcumaticaClient
from erplink.systems.acumatica.error_body import acumatica_error
from erplink.systems.acumatica.hooks.session import AcumaticaCookieLogin, login_error
from erplink.systems.acumatica.pacing import MinutePacer
from erplink.systems.acumatica.paging import read_complete
from erplink.systems.acumatica.values import wrap
from erplink.windows import Window


class AcumaticaSettings(ExtraSettings):
    auth_mode: Literal["oauth2_password", "cookie"] = "oauth2_password"
    endpoint_name: str = "Default"
    endpoint_version: str = "24.200.001"
    tenant: OptionalText = None
    branch: OptionalText = None
    client_id: OptionalText = None  # "<guid>@<Tenant>"
    client_secret: OptionalText = None
    scope: str = "api offline_access"
    # The licence's requests-per-minute cap for this user (None: none); the client keeps under it.
    requests_per_minute: int | None = Field(default=None, ge=1)
    # How long a request waits for a licence seat ("API Login Limit") before it fails.
    seat_wait_s: float = Field(default=300.0, ge=0)


class AcumaticaHook(ErplinkHook[AcumaticaSettings]):
    """One Acumatica instance. OAuth 2.0 password grant by default; cookie login is also supported and then
    counts against the licence's API-user limit, so use the hook as a context manager (``with hook: ...``)
    or call :meth:`close` to log out.
    """

    conn_name_attr = "acumatica_conn_id"
    default_conn_name = "acumatica_default"
    conn_type = "acumatica"
    hook_name = "Acumatica"
    system: ClassVar[str] = "acumatica"
    settings_model = AcumaticaSettings

    def __init__(
        self,
        *,
        acumatica_conn_id: str = default_conn_name,
        page_size: int = 100,
        endpoint_version: str | None = None,
        requests_per_minute: int | None = None,
        sleep: Callable[[float], None] = time.sleep,
        **kwargs: Any,
    ) -> None:
        """``endpoint_version`` pins the endpoint (a tenant's own pin wins over the connection's);
        ``requests_per_minute`` likewise overrides the connection's cap."""
        super().__init__(conn_id=acumatica_conn_id, **kwargs)
        self.page_size = page_size
        self._endpoint_version = endpoint_version
        self._requests_per_minute = requests_per_minute
        self._sleep = sleep
        self._cookie_login: AcumaticaCookieLogin | None = None
        self._pacer: MinutePacer | None = None

    @property
    def secrets(self) -> list[str]:
        return [*super().secrets, *([self.settings.client_secret] if self.settings.client_secret else [])]

    @property
    def instance_url(self) -> str:
        return base_url(self.conn_id, self.connection.host, port=self.connection.port)

    @property
    def endpoint_version(self) -> str:
        return self._endpoint_version or self.settings.endpoint_version

    @property
    def endpoint_url(self) -> str:
        return f"{self.instance_url}/entity/{self.settings.endpoint_name}/{self.endpoint_version}"

    def _client(
        self,
        *,
        base_url: str,
        auth: requests.auth.AuthBase | None,
        error_parser: Callable[[requests.Response], tuple[str | None, str | None]],
        retry: RetryPolicy | None = None,
    ) -> RestClient:
        """Like ``_rest_client``, as an ``AcumaticaClient``: one pacer for every client of this hook, logins too."""
        settings = self.settings
        if self._pacer is None:
            self._pacer = MinutePacer(self._requests_per_minute or settings.requests_per_minute)
        return AcumaticaClient(
            pacer=self._pacer, seat_wait_s=settings.seat_wait_s, sleep=self._sleep,
            system=self.system, base_url=base_url, auth=auth, timeout=settings.timeouts, retry=retry or self._retry,
            error_parser=error_parser, counter=self._counter, session=self.session, verify=settings.verify,
            secrets=self.secrets,
        )  # fmt: skip

    def _build_client(self) -> RestClient:
        s, conn = self.settings, self.connection
        username = require(self.conn_id, "login", conn.login)
        password = require(self.conn_id, "password", conn.password)
        base = self.endpoint_url
        auth: requests.auth.AuthBase
        if s.auth_mode == "oauth2_password":
            auth = AcumaticaPasswordGrant(
                f"{self.instance_url}/identity/connect/token",
                require(self.conn_id, "client_id", s.client_id),
                require(self.conn_id, "client_secret", s.client_secret),
                username,
                password,
                s.scope,
                logout_url=f"{self.instance_url}/entity/auth/logout",
                **self.token_request_options,
            )
        else:
            login_client = self._client(
                base_url=self.instance_url, auth=None, error_parser=login_error, retry=token_retry(self._retry)
            )
            self._cookie_login = AcumaticaCookieLogin(
                http=login_client,
                credentials={"name": username, "password": password, "tenant": s.tenant, "branch": s.branch},
            )
            auth = self._cookie_login
        return self._client(base_url=base, auth=auth, error_parser=acumatica_error)

    def close(self) -> None:
        """Give the licence seat back: log the cookie session out, or the bearer token's session (an OAuth token
        holds a seat from its first use until it idles out unless logged out). Nothing when nothing was used; a
        failed logout is logged, not raised: it must not hide the error that led here."""
        if self._cookie_login is not None:
            self._cookie_login.logout()
            return
        auth = getattr(vars(self).get("client"), "auth", None)
        if isinstance(auth, AcumaticaPasswordGrant):
            auth.log_out()  # nothing when no token was ever obtained

    def __enter__(self) -> AcumaticaHook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _check_connection(self) -> str:
        try:
            items = self.client.get_json(
                "StockItem", params={"$top": 1, "$select": "InventoryID"}, endpoint="GET StockItem"
            )
        finally:
            self.close()
        return f"Acumatica answered; read {len(items or [])} stock item(s)"

    def iter_entities(
        self,
        entity: str,
        *,
        window: Window | None = None,
        modified_field: str = "LastModifiedDateTime",
        filter: str | None = None,
        select: str | None = None,
        expand: str | None = None,
        key_field: str = "id",
        params: Mapping[str, Any] | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Every record of a top-level entity (in ``window`` of ``modified_field`` when given), each once.

        The API defines no order, so no ``$skip``: requests are ``$filter`` ranges of ``modified_field`` (and of
        ``key_field`` within one stamp) narrow enough to come back shorter than ``$top`` (see ``paging``).
        ``key_field`` must be a value field that identifies a record (``InventoryID``, ``CustomerID``)."""
        query: dict[str, Any] = dict(params or {})
        if select:
            wanted = [f for f in (modified_field, key_field) if f not in select.split(",")]
            query["$select"] = ",".join([select, *wanted])
        if expand:
            query["$expand"] = expand

        def fetch(expression: str | None) -> list[dict[str, Any]]:
            page = {**query, "$top": self.page_size}
            if expression:
                page["$filter"] = expression
            rows = self.client.get_json(entity, params=page, endpoint=f"GET {entity}")
            return list(rows or [])

        return read_complete(
            fetch,
            top=self.page_size,
            stamp_field=modified_field,
            key_field=key_field,
            since=window.start if window else None,
            until=window.end if window else None,
            base_filter=filter,
        )

    def find_entities(
        self, entity: str, filter: str, *, select: str | None = None, expand: str | None = None
    ) -> list[dict[str, Any]]:
        """The records a narrow ``$filter`` selects (a look-up by a reference or an email: a few rows), in one
        request without ``$top``."""
        query: dict[str, Any] = {"$filter": filter}
        if select:
            query["$select"] = select
        if expand:
            query["$expand"] = expand
        return list(self.client.get_json(entity, params=query, endpoint=f"GET {entity} by filter") or [])

    def get_entity(self, entity: str, *keys: str, expand: str | None = None) -> dict[str, Any]:
        """One record by its keys; ``NotFoundError`` when there is none (Acumatica answers that with a 500
        ``NoEntitySatisfiesTheConditionException``, which the client reads as not found, without retrying)."""
        path = "/".join([entity, *(quote(str(k), safe="") for k in keys)])
        params = {"$expand": expand} if expand else None
        record: dict[str, Any] = self.client.get_json(path, params=params, endpoint=f"GET {entity}/{{keys}}")
        return record

    def put_entity(
        self,
        entity: str,
        body: Mapping[str, Any],
        *,
        insert_only: bool = True,
        update_only: bool = False,
        expand: str | None = None,
    ) -> dict[str, Any]:
        """PUT (upsert) an entity. ``insert_only`` sends ``If-None-Match: *`` so an existing key answers 412
        instead of being overwritten; ``update_only`` sends ``If-Match: *``.
        """
        if insert_only and update_only:
            raise ValueError("insert_only and update_only exclude each other")
        headers = {"If-None-Match": "*"} if insert_only else {"If-Match": "*"} if update_only else {}
        params = {"$expand": expand} if expand else None
        response = self.client.request(
            "PUT", entity, json=dict(body), params=params, headers=headers, endpoint=f"PUT {entity}"
        )
        stored: dict[str, Any] = response.json()
        return stored

    def put_wrapped(self, entity: str, fields: Mapping[str, Any], **kwargs: Any) -> dict[str, Any]:
        """``put_entity`` of plain fields, wrapped here (see ``values.wrap``)."""
        return self.put_entity(entity, wrap(fields), **kwargs)

    def run_action(self, entity: str, action: str, keys: Mapping[str, Any], **waiting: float) -> None:
        """Run a long action (``ReleaseSalesInvoice``) and wait for it (``start_action``, then ``await_action``)."""
        location = self.start_action(entity, action, keys)
        if location is not None:
            self.await_action(location, f"{entity}/{action}", **waiting)

    def start_action(self, entity: str, action: str, keys: Mapping[str, Any]) -> str | None:
        """Start a long action on the record ``keys`` names; the ``Location`` to check it at (202), None when it
        was done at once (204). The operation runs on the server whether or not anyone checks it.

        The POST is not resent when its answer is lost (``AmbiguousWriteError``): the caller reads the document's
        status to tell whether it ran."""
        response = self.client.request(
            "POST", f"{entity}/{action}", json={"entity": wrap(keys)}, endpoint=f"POST {entity}/{action}"
        )
        location = response.headers.get("Location")
        return None if response.status_code == 204 or not location else location

    def await_action(
        self,
        location: str,
        label: str,
        *,
        poll_every_s: float = 1.0,
        first_poll_s: float = 0.05,
        timeout_s: float = 300.0,
    ) -> None:
        """Wait until the operation at ``location`` is done: it answers 202 while running, 204 once done. A failed
        operation raises ``PermanentApiError`` with the reason Acumatica gives. ``label`` (``SalesInvoice/
        ReleaseSalesInvoice``) names its endpoint in the call counts.

        The first check comes at once, the next after ``first_poll_s``, each next one twice as late, at most
        ``poll_every_s``: an operation started a while ago is usually done by the first check."""
        deadline = time.monotonic() + timeout_s
        pause = min(first_poll_s, poll_every_s)
        while True:
            answer = self.client.request("GET", location, endpoint=f"GET {label}/status")
            if answer.status_code == 204:
                return
            if time.monotonic() > deadline:
                raise PermanentApiError(
                    system=self.system,
                    method="GET",
                    url=f"{label}/status",
                    status=answer.status_code,
                    reason=f"{label} still running after {timeout_s:.0f}s",
                )
            self._sleep(pause)
            pause = min(pause * 2, poll_every_s)

    def inquire(self, inquiry: str, parameters: Mapping[str, Any], *, results: str = "Results") -> list[dict[str, Any]]:
        """An inquiry's result rows: ``PUT <inquiry>?$expand=Results`` with its parameters, as every inquiry is
        read (``InventoryQuantityAvailable``)."""
        answer = self.client.send_json(
            "PUT", inquiry, json=wrap(parameters), params={"$expand": results}, endpoint=f"PUT {inquiry}"
        )
        rows = (answer or {}).get(results) or []
        return list(rows)

    def find_one(self, entity: str, filter: str, *, select: str | None = None) -> dict[str, Any] | None:
        """The one record ``filter`` selects, None when none; more than one is a data problem for a person."""
        found = self.find_entities(entity, filter, select=select)
        if len(found) > 1:
            raise PermanentApiError(
                system=self.system,
                method="GET",
                url=entity,
                reason=f"{len(found)} {entity} records match {filter}; expected one",
            )
        return found[0] if found else None
