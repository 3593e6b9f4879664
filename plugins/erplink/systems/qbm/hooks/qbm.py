"""QBM hook, through the QBMWServices web API bridge (default port 8053).

QBM documents the bridge's endpoint groups (``api/Connection/login``, ``validateToken``, business controllers
such as Item, Customer, Location) and that business calls need token and permission headers, but not the
header names, payloads or business routes. Those are connection settings here, with defaults that are
assumptions to confirm against a live bridge; ``test_connection`` logs in and validates the token, so a
wrong login route, body or header name fails at set-up.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import Any, ClassVar, Literal

from pydantic import Field

from erplink.auth.base import as_login_failure, token_retry
from erplink.hooks.base import ErplinkHook
from erplink.hooks.settings import ExtraSettings, JsonStrMap, OptionalText, base_url, require
from erplink.http.client import RestClient
from erplink.http.error_bodies import generic_error
from erplink.http.errors import ApiError, AuthenticationError
from erplink.systems.qbm.hooks.session import QbmTokenLogin, token_from

QBM_DEFAULT_PORT = 8053
# Assumed business routes (UNCONFIRMED by QBM): override per connection in ``routes``.
DEFAULT_ROUTES: dict[str, str] = {
    "items": "api/Item",
    "item": "api/Item/{id}",
    "item_stock": "api/Item/stock",
    "locations": "api/Location",
    "customers": "api/Customer",
    "customer": "api/Customer/{id}",
    "customer_orders": "api/CustomerOrder",
}


class QbmSettings(ExtraSettings):
    app_id: OptionalText = None
    token_header: str = "Token"
    permission_header: OptionalText = "AppId"
    login_route: str = "api/Connection/login"
    logout_route: str = "api/Connection/logout"
    validate_token_route: str = "api/Connection/validateToken"
    validate_token_method: Literal["GET", "POST"] = "GET"
    login_username_field: str = "userName"
    login_password_field: str = "password"
    token_field: str = "token"
    routes: JsonStrMap = Field(default_factory=dict)


class QbmHook(ErplinkHook[QbmSettings]):
    conn_name_attr = "qbm_conn_id"
    default_conn_name = "qbm_default"
    conn_type = "qbm"
    hook_name = "QBM (QBMWServices)"
    system: ClassVar[str] = "qbm"
    settings_model = QbmSettings

    def __init__(self, *, qbm_conn_id: str = default_conn_name, **kwargs: Any) -> None:
        super().__init__(conn_id=qbm_conn_id, **kwargs)
        self._token_login: QbmTokenLogin | None = None

    @property
    def service_url(self) -> str:
        return base_url(self.conn_id, self.connection.host, port=self.connection.port, default_port=QBM_DEFAULT_PORT)

    @property
    def routes(self) -> dict[str, str]:
        return {**DEFAULT_ROUTES, **self.settings.routes}

    def route(self, name: str, **params: Any) -> str:
        try:
            return self.routes[name].format(**params)
        except KeyError:
            raise ValueError(f"no QBM route named {name!r}; configure it in the connection's routes") from None

    def _log_in(self) -> str:
        s, conn = self.settings, self.connection
        body = {
            s.login_username_field: require(self.conn_id, "login", conn.login),
            s.login_password_field: require(self.conn_id, "password", conn.password),
        }
        try:
            # A login creates nothing: safe to send again after a lost answer. Counted, timed and retried (at most
            # a few times: it runs inside the data request that needed it) like every other call of this hook.
            answer = self._login_client.send_json(
                "POST", s.login_route.lstrip("/"), json=body, endpoint="POST login", idempotent=True
            )
        except ApiError as exc:
            raise as_login_failure(exc) from None
        token = token_from(answer, s.token_field)
        if token is None:
            # The body is not echoed: a failed login answer can repeat what was sent.
            raise AuthenticationError(
                system=self.system,
                method="POST",
                url=f"{self.service_url}/{s.login_route.lstrip('/')}",
                status=200,
                reason=f"login gave no token in field {s.token_field!r}",
            )
        return token

    @cached_property
    def _login_client(self) -> RestClient:
        return self._rest_client(
            base_url=self.service_url, auth=None, error_parser=generic_error, retry=token_retry(self._retry)
        )

    def _build_client(self) -> RestClient:
        s = self.settings
        self._token_login = QbmTokenLogin(
            login=self._log_in, token_header=s.token_header, permission_header=s.permission_header, app_id=s.app_id
        )
        return self._rest_client(base_url=self.service_url, auth=self._token_login, error_parser=generic_error)

    @property
    def secrets(self) -> list[str]:
        token = self._token_login.current_token if self._token_login else None
        return [*super().secrets, *([token] if token else [])]

    def _check_connection(self) -> str:
        s = self.settings
        self.client.request(s.validate_token_method, s.validate_token_route, endpoint="validateToken")
        return "QBMWServices login succeeded and the token validated"

    def logout(self) -> None:
        if self._token_login is not None and self._token_login.current_token is not None:
            self.client.request("POST", self.settings.logout_route, endpoint="logout")

    # --- business calls through configurable routes -------------------------------------------------------

    def get(self, route: str, *, params: Mapping[str, Any] | None = None, **path: Any) -> Any:
        return self.client.get_json(self.route(route, **path), params=dict(params or {}), endpoint=f"GET {route}")

    def send(self, method: str, route: str, body: Mapping[str, Any], **path: Any) -> Any:
        return self.client.send_json(method, self.route(route, **path), json=dict(body), endpoint=f"{method} {route}")

    def items(self, **params: Any) -> list[dict[str, Any]]:
        return self.get("items", params=params) or []

    def item_stock(self, **params: Any) -> list[dict[str, Any]]:
        return self.get("item_stock", params=params) or []

    def customers(self, **params: Any) -> list[dict[str, Any]]:
        return self.get("customers", params=params) or []

    def create_customer(self, body: Mapping[str, Any]) -> Any:
        return self.send("POST", "customers", body)

    def create_customer_order(self, body: Mapping[str, Any]) -> Any:
        return self.send("POST", "customer_orders", body)
