"""BigCommerce REST Management API hook (v2 and v3)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, ClassVar

from erplink.auth import StaticHeaderAuth
from erplink.hooks.base import ErplinkHook
from erplink.hooks.settings import ExtraSettings, OptionalInstant, OptionalText, require
from erplink.http.client import RestClient
from erplink.http.errors import NotFoundError
from erplink.paging import AdaptiveReaders
from erplink.systems.bigcommerce.error_body import bigcommerce_error
from erplink.systems.bigcommerce.paging import (
    BigCommerceIdWalk,
    BigCommerceV2Paginator,
    BigCommerceV3Paginator,
)
from erplink.systems.bigcommerce.windows import bigcommerce_v2_window_params
from erplink.windows import Window, field_id, field_timestamp

date_modified = field_timestamp("date_modified")
order_id = field_id("id")

DEFAULT_PAGE_READERS = 2  # the store's quota is shared by every app (150 requests / 30 s on Standard plans)
IDS_FILTER_CHUNK = 50  # ids per `:in` filter: keeps the query string short
# Batch writes: the catalog's documented batch limit is 10 products (the variants endpoint says 50 "subject to
# change": the smaller holds for both); an inventory adjustment takes up to 2000 items.
VARIANTS_PER_BATCH = 10
INVENTORY_ITEMS = 2000
# The order's sub-resources the mapping reads: each is the order field that links to it and its path under the order.
ORDER_PARTS = ("products", "shipping_addresses", "coupons")
# The order's fees come inside the order itself when asked for (`include=fees`, accepted by the list and by one
# order: orders.v2.oas2.yml `order_includes`), so they cost no request of their own; without it they are absent.
ORDER_INCLUDES: Mapping[str, str] = {"include": "fees"}


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
        self, path: str, params: Mapping[str, Any] | None = None, *, limit: int = 250, endpoint: str | None = None
    ) -> Iterator[dict[str, Any]]:
        return self._records(BigCommerceV2Paginator(limit=limit), f"v2/{path.lstrip('/')}", params, endpoint=endpoint)

    def iter_v3(
        self, path: str, params: Mapping[str, Any] | None = None, *, limit: int = 250, endpoint: str | None = None
    ) -> Iterator[dict[str, Any]]:
        return self._records(BigCommerceV3Paginator(limit=limit), f"v3/{path.lstrip('/')}", params, endpoint=endpoint)

    def _id_walk(
        self, path: str, params: Mapping[str, Any], *, endpoint: str, limit: int, readers: int
    ) -> Iterator[dict[str, Any]]:
        """Every row of a v2 list, each read at least once however the list changes while it is read (paging.py)."""
        counter = self.counter

        def throttled() -> int:
            return counter.count(self.system, status=429) + counter.count(self.system, status=503)

        def count() -> int | None:
            # Sizes the plan only: a wrong or missing count costs requests, never rows. It takes the list's filters,
            # not what the rows include.
            filters = {name: value for name, value in params.items() if name != "include"}
            answer = self.client.get_json(f"{path}/count", params=filters, endpoint=f"{endpoint}/count")
            value = answer.get("count") if isinstance(answer, Mapping) else None
            return int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None

        walk = BigCommerceIdWalk(
            limit=limit, readers=AdaptiveReaders(readers, throttled=throttled, label=endpoint), count=count,
            label=endpoint,
        )  # fmt: skip
        return self._records(walk, path, params, endpoint=endpoint)

    def iter_orders(
        self,
        window: Window | None = None,
        *,
        params: Mapping[str, Any] | None = None,
        limit: int = 250,
        readers: int = DEFAULT_PAGE_READERS,
    ) -> Iterator[dict[str, Any]]:
        """Stream the v2 orders the window admits, each once, in no particular order, each with its fees.

        Both bounds go to the store (``min_date_modified``/``max_date_modified``, whole seconds, inclusive); the
        window's exact bounds and the watermark's boundary ids are applied here. An order without a readable
        ``date_modified`` is passed on for the ledger to hold and the mapping to quarantine with the reason.
        """
        query: dict[str, Any] = dict(bigcommerce_v2_window_params(window)) if window is not None else {}
        query.update(ORDER_INCLUDES)
        query.update(params or {})
        for order in self._id_walk("v2/orders", query, endpoint="GET v2/orders", limit=limit, readers=readers):
            if window is None:
                yield order
                continue
            try:
                modified, identity = date_modified(order), order_id(order)
            except (KeyError, TypeError, ValueError, IndexError):
                self.log.warning(
                    "order %r has no readable date_modified (%r); passed on unjudged",
                    order.get("id"),
                    order.get("date_modified"),
                )
                yield order
                continue
            if window.admits(modified, identity):
                yield order

    def get_order(self, order_id: int) -> dict[str, Any]:
        """One v2 order, with its fees."""
        order: dict[str, Any] = self.client.get_json(
            f"v2/orders/{int(order_id)}", params=ORDER_INCLUDES, endpoint="GET v2/orders/{id}"
        )
        return order

    def get_orders_by_ids(self, ids: Iterable[int]) -> list[dict[str, Any]]:
        """The named orders; an id the store does not know (deleted, archived) is simply absent."""
        found = []
        for wanted in sorted({int(i) for i in ids}):
            try:
                found.append(self.get_order(wanted))
            except NotFoundError:
                continue
        return found

    def order_parts(self, order_id: int) -> dict[str, list[dict[str, Any]]]:
        """The order's sub-resources the mapping reads, by the order field that links to each."""
        return {
            part: list(self.iter_v2(f"orders/{int(order_id)}/{part}", endpoint=f"GET v2/orders/{{id}}/{part}"))
            for part in ORDER_PARTS
        }

    def refunds_of(self, order_ids: Iterable[int]) -> dict[int, list[dict[str, Any]]]:
        """The refunds of these orders, by order id, from the store-wide list (``order_id:in``)."""
        by_order: dict[int, list[dict[str, Any]]] = {int(order_id): [] for order_id in order_ids}
        wanted = sorted(by_order)
        for start in range(0, len(wanted), IDS_FILTER_CHUNK):
            chunk = wanted[start : start + IDS_FILTER_CHUNK]
            query = {"order_id:in": ",".join(map(str, chunk))}
            for refund in self.iter_v3("orders/payment_actions/refunds", query, endpoint="GET v3/refunds"):
                if refund.get("order_id") in by_order:
                    by_order[refund["order_id"]].append(refund)
        return by_order

    def transactions_of(self, order_id: int) -> list[dict[str, Any]]:
        """The order's payment transactions (``GET /v3/orders/{id}/transactions``), in no particular order; an
        order without any answers 204."""
        path = f"orders/{int(order_id)}/transactions"
        return list(self.iter_v3(path, endpoint="GET v3/orders/{id}/transactions"))

    def order_metafields(self, order_id: int, *, namespace: str, key: str) -> list[dict[str, Any]]:
        """The order's metafields with this namespace and key (this app's own: metafields are per client id)."""
        query = {"namespace": namespace, "key": key}
        path = f"orders/{int(order_id)}/metafields"
        return list(self.iter_v3(path, query, endpoint="GET v3/orders/{id}/metafields"))

    def create_order_metafield(self, order_id: int, *, namespace: str, key: str, value: str) -> dict[str, Any]:
        body = {"permission_set": "read", "namespace": namespace, "key": key, "value": value}
        answer = self.client.send_json(
            "POST", f"v3/orders/{int(order_id)}/metafields", json=body, endpoint="POST v3/orders/{id}/metafields"
        )
        return dict((answer or {}).get("data") or {})

    def update_order_metafield(self, order_id: int, metafield_id: int, *, value: str) -> dict[str, Any]:
        answer = self.client.send_json(
            "PUT",
            f"v3/orders/{int(order_id)}/metafields/{int(metafield_id)}",
            json={"value": value},
            endpoint="PUT v3/orders/{id}/metafields/{id}",
        )
        return dict((answer or {}).get("data") or {})

    # --- webhooks ---------------------------------------------------------------------------------------------

    def list_hooks(self) -> list[dict[str, Any]]:
        """This app's webhooks on the store (``GET /v3/hooks``: a token sees only its own client id's)."""
        return list(self.iter_v3("hooks", endpoint="GET v3/hooks"))

    def create_hook(self, *, scope: str, destination: str) -> dict[str, Any]:
        body = {"scope": scope, "destination": destination, "is_active": True}
        answer = self.client.send_json("POST", "v3/hooks", json=body, endpoint="POST v3/hooks")
        return dict((answer or {}).get("data") or {})

    def update_hook(self, hook_id: int, **fields: Any) -> dict[str, Any]:
        """``PUT /v3/hooks/{id}`` with the fields to change (``is_active``, ``destination``, ...)."""
        answer = self.client.send_json("PUT", f"v3/hooks/{int(hook_id)}", json=fields, endpoint="PUT v3/hooks/{id}")
        return dict((answer or {}).get("data") or {})

    # --- catalog ----------------------------------------------------------------------------------------------

    def iter_variants(self) -> Iterator[dict[str, Any]]:
        """Every variant of the catalog (each product has at least its base variant), with what the push compares."""
        query = {"include_fields": "sku,price,inventory_level,product_id,option_values"}
        return self.iter_v3("catalog/variants", query, endpoint="GET v3/catalog/variants")

    def update_variants(self, variants: Sequence[Mapping[str, Any]]) -> None:
        """One batch ``PUT /v3/catalog/variants`` (at most ``VARIANTS_PER_BATCH``: more is refused with 413)."""
        if len(variants) > VARIANTS_PER_BATCH:
            raise ValueError(f"at most {VARIANTS_PER_BATCH} variants per batch, got {len(variants)}")
        self.client.send_json("PUT", "v3/catalog/variants", json=list(variants), endpoint="PUT v3/catalog/variants")

    def set_inventory(self, items: Sequence[Mapping[str, Any]], *, reason: str) -> None:
        """Absolute inventory levels (``PUT /v3/inventory/adjustments/absolute``, at most ``INVENTORY_ITEMS``)."""
        if len(items) > INVENTORY_ITEMS:
            raise ValueError(f"at most {INVENTORY_ITEMS} inventory items per request, got {len(items)}")
        body = {"reason": reason, "items": list(items)}
        self.client.send_json(
            "PUT", "v3/inventory/adjustments/absolute", json=body, endpoint="PUT v3/inventory/adjustments/absolute"
        )
