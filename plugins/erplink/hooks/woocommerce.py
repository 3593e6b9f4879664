"""WooCommerce REST API (wc/v3) hook."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal
from urllib.parse import urlsplit

import requests

from erplink.auth import OAuth1OneLegged, WooKeyAuth
from erplink.http.client import RestClient
from erplink.http.errors import ApiError, NotFoundError, PermanentApiError, TransientApiError
from erplink.http.error_bodies import woocommerce_error
from erplink.hooks.base import ErplinkHook
from erplink.hooks.settings import (
    ConnectionConfigError,
    ExtraSettings,
    Flag,
    OptionalInstant,
    OptionalText,
    base_url,
    require,
)
from erplink.paging import WooPagesPaginator
from erplink.windows import Window, field_id, field_timestamp, woo_window_params

WOO_BATCH_LIMIT = 100  # more than 100 create+update+delete items in one batch → 413
SKU_FILTER_CHUNK = 50  # keeps the comma-separated ``sku`` filter well inside URL length limits
IDS_FILTER_CHUNK = 100

order_modified = field_timestamp("date_modified_gmt")
order_id = field_id("id")


class WooCommerceSettings(ExtraSettings):
    webhook_secret: OptionalText = None
    # Rotation: the webhook receiver also accepts the previous secret until the instant given (see webhooks/keys.py).
    webhook_secret_previous: OptionalText = None
    webhook_secret_previous_valid_until: OptionalInstant = None
    allow_insecure_http: Flag = False
    auth_placement: Literal["header", "query", "auto"] = "header"
    api_path: str = "/wp-json/wc/v3"


@dataclass(frozen=True)
class BatchItemError:
    """One item WooCommerce refused inside an otherwise accepted batch request."""

    action: Literal["create", "update", "delete"]
    item: Any  # the item as sent (or the id, for delete)
    code: str | None
    message: str | None
    status: int | None = None  # the HTTP status WooCommerce gives the item's error (``error.data.status``)


@dataclass
class BatchResult:
    created: list[dict[str, Any]] = field(default_factory=list)
    updated: list[dict[str, Any]] = field(default_factory=list)
    deleted: list[dict[str, Any]] = field(default_factory=list)
    errors: list[BatchItemError] = field(default_factory=list)


def _batch_chunks(create: Sequence[Any], update: Sequence[Any], delete: Sequence[Any]
                  ) -> Iterator[dict[str, list[Any]]]:
    """Split create/update/delete into bodies of at most WOO_BATCH_LIMIT items in total."""
    pending = [("create", item) for item in create] + [("update", item) for item in update] + [
        ("delete", item) for item in delete
    ]
    for start in range(0, len(pending), WOO_BATCH_LIMIT):
        body: dict[str, list[Any]] = {}
        for action, item in pending[start : start + WOO_BATCH_LIMIT]:
            body.setdefault(action, []).append(item)
        yield body


def _chunks(values: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


class WooCommerceHook(ErplinkHook[WooCommerceSettings]):
    """Talks to one WooCommerce store.

    Over HTTPS the consumer key/secret travel as HTTP Basic (or as query parameters when the host strips the
    Authorization header); over plain HTTP WooCommerce requires OAuth 1.0a one-legged signatures, which this
    hook only uses when the connection explicitly allows insecure HTTP. ``auth_placement`` applies to both: the
    header, the query string, or ``auto`` (the header until a 401 shows it never arrived, then the query).
    """

    conn_name_attr = "woocommerce_conn_id"
    default_conn_name = "woocommerce_default"
    conn_type = "woocommerce"
    hook_name = "WooCommerce"
    system: ClassVar[str] = "woocommerce"
    settings_model = WooCommerceSettings

    def __init__(self, *, woocommerce_conn_id: str = default_conn_name, **kwargs: Any) -> None:
        super().__init__(conn_id=woocommerce_conn_id, **kwargs)

    @property
    def secrets(self) -> list[str]:
        s = self.settings
        return [*super().secrets, *(v for v in (s.webhook_secret, s.webhook_secret_previous) if v)]

    @property
    def webhook_secret(self) -> str | None:
        return self.settings.webhook_secret

    @property
    def store_url(self) -> str:
        return base_url(self.conn_id, self.connection.host, port=self.connection.port)

    def _auth(self) -> requests.auth.AuthBase:
        conn = self.connection
        key = require(self.conn_id, "login", conn.login)
        secret = require(self.conn_id, "password", conn.password)
        if urlsplit(self.store_url).scheme == "https":
            return WooKeyAuth(key, secret, placement=self.settings.auth_placement)
        if not self.settings.allow_insecure_http:
            raise ConnectionConfigError(
                self.conn_id, "allow_insecure_http",
                "the store URL is plain http; set allow_insecure_http to use OAuth 1.0a over HTTP",
            )
        return OAuth1OneLegged(key, secret, signature_method="HMAC-SHA256", placement=self.settings.auth_placement)

    def _build_client(self) -> RestClient:
        return self._rest_client(
            base_url=self.store_url + "/" + self.settings.api_path.strip("/"),
            auth=self._auth(),
            error_parser=woocommerce_error,
        )

    def _check_connection(self) -> str:
        response = self.client.request("GET", "orders", params={"per_page": 1}, endpoint="GET orders")
        total = response.headers.get("X-WP-Total", "?")
        return f"WooCommerce store answered; {total} orders visible to this key"

    # --- orders -------------------------------------------------------------------------------------------

    def iter_orders(
        self,
        window: Window | None = None,
        *,
        statuses: Sequence[str] | None = None,
        params: Mapping[str, Any] | None = None,
        per_page: int = 100,
    ) -> Iterator[dict[str, Any]]:
        """Stream orders, newest modification first, keeping only those the window admits.

        Why ``orderby=modified&order=desc`` with no ``modified_before``: page numbers are offsets, so the
        order must be one that writes during paging can only push *forward*. An order modified while we page
        jumps to the front (already read), which at worst repeats one record at a page boundary — the ledger
        absorbs repeats. Ascending order, or an upper bound the order then leaves, shifts later records
        *back* across a page boundary and silently skips one. The window's end is applied client-side.
        """
        query: dict[str, Any] = {"orderby": "modified", "order": "desc", "dates_are_gmt": "true"}
        if window is not None:
            query.update(woo_window_params(window, upper_bound=False))
        if statuses:
            query["status"] = ",".join(statuses)
        query.update(params or {})
        for order in self._records(WooPagesPaginator(per_page=per_page), "orders", query, endpoint="GET orders"):
            if window is None:
                yield order
                continue
            try:
                modified, identity = order_modified(order), order_id(order)
            except (KeyError, TypeError, ValueError):
                # The store's own filter let it through; without a readable stamp the window cannot judge it,
                # so it is passed on for the ledger to hold (and quarantine with the reason) rather than one
                # bad order stopping the extract of all the others.
                self.log.warning("order %r has no readable date_modified_gmt (%r); passed on unjudged",
                                 order.get("id"), order.get("date_modified_gmt"))
                yield order
                continue
            if window.admits(modified, identity):
                yield order

    def iter_orders_with_trash(self, window: Window | None = None, *, per_page: int = 100
                               ) -> Iterator[dict[str, Any]]:
        """Every order the window admits, trashed ones included (a trashed order is a cancellation to apply).

        The default status ``any`` leaves the trash out, and a list naming ``any`` reads as ``any`` alone
        (``WC_REST_Orders_Controller::prepare_objects_query`` stops at it), so the trash takes a request of its
        own. Naming every status instead would miss the statuses plugins register.
        """
        yield from self.iter_orders(window, per_page=per_page)
        yield from self.iter_orders(window, statuses=("trash",), per_page=per_page)

    def get_order(self, order_id: int) -> dict[str, Any]:
        return self.client.get_json(f"orders/{int(order_id)}", endpoint="GET orders/{id}")

    def get_orders_by_ids(self, ids: Iterable[int]) -> list[dict[str, Any]]:
        """Fetch many orders by id with the ``include`` filter (missing ids are simply absent)."""
        wanted = sorted({int(i) for i in ids})
        found: list[dict[str, Any]] = []
        # `any` leaves trashed orders out (see iter_orders_with_trash): the ids it did not return are asked again
        # in the trash.
        for status in ("any", "trash"):
            seen = {order.get("id") for order in found}
            for chunk in _chunks([i for i in wanted if i not in seen], IDS_FILTER_CHUNK):
                query = {"include": ",".join(map(str, chunk)), "status": status, "orderby": "id", "order": "asc"}
                found.extend(self._records(WooPagesPaginator(), "orders", query, endpoint="GET orders"))
        return found

    def list_refunds(self, order_id: int) -> list[dict[str, Any]]:
        path = f"orders/{int(order_id)}/refunds"
        return list(self._records(WooPagesPaginator(), path, endpoint="GET orders/{id}/refunds"))

    def set_orders_meta(self, key: str, values: Mapping[int, Any]) -> dict[int, ApiError | None]:
        """Set one meta_data entry on many orders with ``POST orders/batch`` (100 orders a request).

        WooCommerce replaces an existing entry of the same key, so the marker is never doubled.
        The body only updates that one key, so a request that failed ambiguously is safe to send again and the
        core retries it like a PUT. Returns, per order id, None when WooCommerce took the update or the error it
        gave that order (e.g. HTTP 400 ``woocommerce_rest_shop_order_invalid_id`` for a deleted order). An order
        the answer does not mention gets a transient error: nothing says it was written.
        """
        updates = [{"id": int(order_id), "meta_data": [{"key": key, "value": value}]}
                   for order_id, value in values.items()]
        result = self._batch("orders/batch", "POST orders/batch", (), updates, (), idempotent=True)
        outcome: dict[int, ApiError | None] = {int(order_id): self._unanswered(order_id) for order_id in values}
        for order in result.updated:
            if isinstance(order.get("id"), int) and order["id"] in outcome:
                outcome[order["id"]] = None
        for error in result.errors:
            outcome[int(error.item["id"])] = self._batch_item_error(error)
        return outcome

    def _unanswered(self, order_id: int) -> ApiError:
        return TransientApiError(system=self.system, method="POST", url=f"orders/batch (order {int(order_id)})",
                                 reason="the batch answer does not mention this order")

    def _batch_item_error(self, error: BatchItemError) -> ApiError:
        """The error WooCommerce gave one item of a batch, typed like the same error from a single request."""
        item_id = error.item if error.action == "delete" else error.item.get("id")
        fields: dict[str, Any] = dict(
            system=self.system, method="POST", url=f"{error.action} item {item_id} of a batch", status=error.status,
            code=self.client.redact(error.code) if error.code else None,
            vendor_message=self.client.redact(error.message) if error.message else None,
        )
        if error.status is None or error.status >= 500 or error.status == 429:
            return TransientApiError(**fields)
        return NotFoundError(**fields) if error.status == 404 else PermanentApiError(**fields)

    # --- catalogue ----------------------------------------------------------------------------------------

    def iter_products(self, params: Mapping[str, Any] | None = None, *, per_page: int = 100
                      ) -> Iterator[dict[str, Any]]:
        query = {"orderby": "id", "order": "asc", **(params or {})}
        return self._records(WooPagesPaginator(per_page=per_page), "products", query, endpoint="GET products")

    def iter_variations(self, product_id: int, params: Mapping[str, Any] | None = None, *, per_page: int = 100
                        ) -> Iterator[dict[str, Any]]:
        query = {"orderby": "id", "order": "asc", **(params or {})}
        path = f"products/{int(product_id)}/variations"
        return self._records(WooPagesPaginator(per_page=per_page), path, query,
                             endpoint="GET products/{id}/variations")

    def find_products_by_skus(self, skus: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Products by SKU via the comma-list ``sku`` filter; SKUs not found are absent from the result."""
        wanted = sorted({s for s in skus if s})
        found: dict[str, dict[str, Any]] = {}
        for chunk in _chunks(wanted, SKU_FILTER_CHUNK):
            for product in self.iter_products({"sku": ",".join(chunk), "status": "any"}):
                if product.get("sku") in chunk:
                    found[product["sku"]] = product
        return found

    def batch_products(self, *, create: Sequence[dict[str, Any]] = (), update: Sequence[dict[str, Any]] = (),
                       delete: Sequence[int] = ()) -> BatchResult:
        return self._batch("products/batch", "POST products/batch", create, update, delete)

    def batch_variations(self, product_id: int, *, create: Sequence[dict[str, Any]] = (),
                         update: Sequence[dict[str, Any]] = (), delete: Sequence[int] = ()) -> BatchResult:
        return self._batch(f"products/{int(product_id)}/variations/batch",
                           "POST products/{id}/variations/batch", create, update, delete)

    def _batch(self, path: str, endpoint: str, create: Sequence[Any], update: Sequence[Any],
               delete: Sequence[Any], *, idempotent: bool = False) -> BatchResult:
        """Send in chunks of at most 100 items and collect per-item errors instead of hiding them.

        A batch is a POST: after an ambiguous failure the core raises AmbiguousWriteError and nothing is
        re-sent here; creates must be found by SKU before being retried by the caller. ``idempotent`` says the
        body is safe to apply twice (updates that set values), so the core may re-send it like a PUT.
        """
        result = BatchResult()
        for body in _batch_chunks(create, update, delete):
            answer = self.client.send_json("POST", path, json=body, endpoint=endpoint, idempotent=idempotent) or {}
            for action, bucket in (("create", result.created), ("update", result.updated),
                                   ("delete", result.deleted)):
                for sent, received in zip(body.get(action, []), answer.get(action) or [], strict=False):
                    error = received.get("error") if isinstance(received, Mapping) else None
                    if error:
                        data = error.get("data") if isinstance(error.get("data"), Mapping) else {}
                        status = data.get("status") if isinstance(data.get("status"), int) else None
                        result.errors.append(BatchItemError(action, sent, error.get("code"), error.get("message"),
                                                            status))
                    else:
                        bucket.append(received)
        return result

    # --- webhooks -----------------------------------------------------------------------------------------

    def list_webhooks(self, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        return list(self._records(WooPagesPaginator(), "webhooks", params, endpoint="GET webhooks"))

    def create_webhook(self, *, topic: str, delivery_url: str, name: str | None = None,
                       secret: str | None = None, status: str = "active") -> dict[str, Any]:
        """Create a webhook signed with ``secret`` (default: the connection's webhook secret)."""
        body = {"name": name or f"erplink {topic}", "topic": topic, "delivery_url": delivery_url,
                "status": status, "secret": secret or self.settings.webhook_secret}
        return self.client.send_json("POST", "webhooks", json={k: v for k, v in body.items() if v is not None},
                                     endpoint="POST webhooks")

    def update_webhook(self, webhook_id: int, **fields: Any) -> dict[str, Any]:
        return self.client.send_json("PUT", f"webhooks/{int(webhook_id)}", json=fields, endpoint="PUT webhooks/{id}")
