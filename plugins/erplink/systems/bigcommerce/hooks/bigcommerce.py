"""BigCommerce REST Management API hook (v2 and v3)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from erplink.auth import StaticHeaderAuth
from erplink.hooks.base import ErplinkHook
from erplink.hooks.settings import ExtraSettings, OptionalInstant, OptionalText, require
from erplink.http.client import RestClient
from erplink.systems.bigcommerce.error_body import bigcommerce_error
from erplink.systems.bigcommerce.paging import BigCommerceV2Paginator, BigCommerceV3Paginator
from erplink.systems.bigcommerce.windows import bigcommerce_v2_window_params
from erplink.windows import Window, field_id, field_timestamp

date_modified = field_timestamp("date_modified")
order_id = field_id("id")


class BigCommerceSettings(ExtraSettings):
    store_hash: str | None = None
    client_secret: OptionalText = None  # verifies webhook signatures; the API itself needs only the token
    # Rotation: the webhook receiver also accepts the previous secret until the instant given (see webhooks/keys.py).
    client_secret_previous: OptionalText = None
    client_secret_previous_valid_until: OptionalInstant = None
    api_base: str = "https://api.bigcommerce.com"


class BigCommerceHook(ErplinkHook[BigCommerceSettings]):
    """``<api_base>/stores/<store_hash>/v2|v3/...`` with ``X-Auth-Token`` (connection password).

    Rate limiting (429 with X-Rate-Limit-Time-Reset-Ms) is honoured by the HTTP core's retry policy.
    """

    conn_name_attr = "bigcommerce_conn_id"
    default_conn_name = "bigcommerce_default"
    conn_type = "bigcommerce"
    hook_name = "BigCommerce"
    system: ClassVar[str] = "bigcommerce"
    settings_model = BigCommerceSettings

    def __init__(self, *, bigcommerce_conn_id: str = default_conn_name, **kwargs: Any) -> None:
        super().__init__(conn_id=bigcommerce_conn_id, **kwargs)

    @property
    def secrets(self) -> list[str]:
        s = self.settings
        return [*super().secrets, *(v for v in (s.client_secret, s.client_secret_previous) if v)]

    @property
    def client_id(self) -> str | None:
        return self.connection.login or None

    def _build_client(self) -> RestClient:
        token = require(self.conn_id, "password", self.connection.password)
        store_hash = require(self.conn_id, "store_hash", self.settings.store_hash)
        base = f"{self.settings.api_base.rstrip('/')}/stores/{store_hash}"
        return self._rest_client(
            base_url=base,
            auth=StaticHeaderAuth(header="X-Auth-Token", value=token),
            error_parser=bigcommerce_error,
            headers={"Accept": "application/json"},
        )

    def _check_connection(self) -> str:
        store = self.client.get_json("v2/store", endpoint="GET v2/store") or {}
        return f"BigCommerce store {store.get('name', '?')!r} answered"

    def iter_v2(
        self, path: str, params: Mapping[str, Any] | None = None, *, limit: int = 250
    ) -> Iterator[dict[str, Any]]:
        return self._records(BigCommerceV2Paginator(limit=limit), f"v2/{path.lstrip('/')}", params)

    def iter_v3(
        self, path: str, params: Mapping[str, Any] | None = None, *, limit: int = 250
    ) -> Iterator[dict[str, Any]]:
        return self._records(BigCommerceV3Paginator(limit=limit), f"v3/{path.lstrip('/')}", params)

    def iter_orders(
        self, window: Window | None = None, *, params: Mapping[str, Any] | None = None, limit: int = 250
    ) -> Iterator[dict[str, Any]]:
        """v2 orders, most recently modified first and with no upper bound (an order updated while we page
        moves to the front: a repeat, never a skip); the window's end is applied here."""
        query: dict[str, Any] = {"sort": "date_modified:desc"}
        if window is not None:
            query.update({k: v for k, v in bigcommerce_v2_window_params(window).items() if k != "max_date_modified"})
        query.update(params or {})
        for order in self.iter_v2("orders", query, limit=limit):
            if window is None or window.admits(date_modified(order), order_id(order)):
                yield order

    def get_order(self, order_id: int) -> dict[str, Any]:
        order: dict[str, Any] = self.client.get_json(f"v2/orders/{int(order_id)}", endpoint="GET v2/orders/{id}")
        return order
