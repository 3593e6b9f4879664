"""Acumatica contract-based REST hook (``/entity/<endpoint>/<version>/``)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar, Literal
from urllib.parse import quote

import requests

from erplink.auth import OAuth2PasswordGrant
from erplink.auth.base import token_retry
from erplink.hooks.acumatica_session import AcumaticaCookieLogin, login_error
from erplink.http.client import RestClient
from erplink.http.error_bodies import acumatica_error
from erplink.hooks.base import ErplinkHook
from erplink.hooks.settings import ExtraSettings, OptionalText, base_url, require
from erplink.paging import AcumaticaPaginator
from erplink.windows import Window, acumatica_window_filter


class AcumaticaSettings(ExtraSettings):
    auth_mode: Literal["oauth2_password", "cookie"] = "oauth2_password"
    endpoint_name: str = "Default"
    endpoint_version: str = "24.200.001"
    tenant: OptionalText = None
    branch: OptionalText = None
    client_id: OptionalText = None  # "<guid>@<Tenant>"
    client_secret: OptionalText = None
    scope: str = "api offline_access"


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

    def __init__(self, *, acumatica_conn_id: str = default_conn_name, page_size: int = 100, **kwargs: Any) -> None:
        super().__init__(conn_id=acumatica_conn_id, **kwargs)
        self.page_size = page_size
        self._cookie_login: AcumaticaCookieLogin | None = None

    @property
    def secrets(self) -> list[str]:
        return [*super().secrets, *([self.settings.client_secret] if self.settings.client_secret else [])]

    @property
    def instance_url(self) -> str:
        return base_url(self.conn_id, self.connection.host, port=self.connection.port)

    def _build_client(self) -> RestClient:
        s, conn = self.settings, self.connection
        username = require(self.conn_id, "login", conn.login)
        password = require(self.conn_id, "password", conn.password)
        base = f"{self.instance_url}/entity/{s.endpoint_name}/{s.endpoint_version}"
        auth: requests.auth.AuthBase
        if s.auth_mode == "oauth2_password":
            auth = OAuth2PasswordGrant(
                f"{self.instance_url}/identity/connect/token",
                require(self.conn_id, "client_id", s.client_id),
                require(self.conn_id, "client_secret", s.client_secret),
                username, password, s.scope, **self.token_request_options,
            )
        else:
            login_client = self._rest_client(base_url=self.instance_url, auth=None, error_parser=login_error,
                                             retry=token_retry(self._retry))
            self._cookie_login = AcumaticaCookieLogin(
                http=login_client,
                credentials={"name": username, "password": password, "tenant": s.tenant, "branch": s.branch},
            )
            auth = self._cookie_login
        return self._rest_client(base_url=base, auth=auth, error_parser=acumatica_error)

    def close(self) -> None:
        """End a cookie session (no-op for OAuth): sessions count against the licence's API users."""
        if self._cookie_login is not None:
            self._cookie_login.logout()

    def __enter__(self) -> AcumaticaHook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _check_connection(self) -> str:
        try:
            items = self.client.get_json("StockItem", params={"$top": 1, "$select": "InventoryID"},
                                         endpoint="GET StockItem")
        finally:
            self.close()
        return f"Acumatica answered; read {len(items or [])} stock item(s)"

    def iter_entities(self, entity: str, *, window: Window | None = None, modified_field: str = "LastModifiedDateTime",
                      filter: str | None = None, select: str | None = None, expand: str | None = None,
                      params: Mapping[str, Any] | None = None) -> Iterator[dict[str, Any]]:
        """Stream a top-level entity with $top/$skip; ``window`` adds a ``LastModifiedDateTime`` filter."""
        clauses = [c for c in (filter, acumatica_window_filter(window, field=modified_field) if window else None) if c]
        query: dict[str, Any] = dict(params or {})
        if clauses:
            query["$filter"] = clauses[0] if len(clauses) == 1 else " and ".join(f"({c})" for c in clauses)
        if select:
            query["$select"] = select
        if expand:
            query["$expand"] = expand
        return self._records(AcumaticaPaginator(top=self.page_size), entity, query, endpoint=f"GET {entity}")

    def get_entity(self, entity: str, *keys: str, expand: str | None = None) -> dict[str, Any]:
        path = "/".join([entity, *(quote(str(k), safe="") for k in keys)])
        params = {"$expand": expand} if expand else None
        return self.client.get_json(path, params=params, endpoint=f"GET {entity}/{{keys}}")

    def put_entity(self, entity: str, body: Mapping[str, Any], *, insert_only: bool = True,
                   update_only: bool = False, expand: str | None = None) -> dict[str, Any]:
        """PUT (upsert) an entity. ``insert_only`` sends ``If-None-Match: *`` so an existing key answers 412
        instead of being overwritten; ``update_only`` sends ``If-Match: *``.
        """
        if insert_only and update_only:
            raise ValueError("insert_only and update_only exclude each other")
        headers = {"If-None-Match": "*"} if insert_only else {"If-Match": "*"} if update_only else {}
        params = {"$expand": expand} if expand else None
        response = self.client.request("PUT", entity, json=dict(body), params=params, headers=headers,
                                       endpoint=f"PUT {entity}")
        return response.json()
