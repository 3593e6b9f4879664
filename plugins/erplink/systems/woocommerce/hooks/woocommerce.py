"""WooCommerce REST API (wc/v3) hook."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any, ClassVar, Literal
from urllib.parse import urlsplit

import requests
from pydantic import Field

from erplink.auth import OAuth1OneLegged
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
from erplink.http.client import RestClient
from erplink.http.errors import ApiError, NotFoundError, PermanentApiError, TransientApiError
from erplink.paging import AdaptiveReaders
from erplink.systems.woocommerce.auth import WooKeyAuth, credentials_not_seen
from erplink.systems.woocommerce.error_body import woocommerce_error
from erplink.systems.woocommerce.paging import WooIdWalk
from erplink.systems.woocommerce.windows import woo_window_params
from erplink.windows import Window, field_id, field_timestamp

WOO_BATCH_LIMIT = 100  # more than 100 create+update+delete items in one batch → 413
SKU_FILTER_CHUNK = 50  # keeps the comma-separated ``sku`` filter well inside URL length limits
# One id fewer than a page holds: the answer is then always a short page, which ends the walk in one request.
IDS_FILTER_CHUNK = 99
DEFAULT_PAGE_READERS = 2  # a small store has a few PHP workers; two readers keep two of them busy
PageReaders = Annotated[int, Field(ge=1, le=16)]

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
    # Pages read at once once a list's size is known; fewer while the store slows or throttles (paging/readers.py).
    page_readers: PageReaders = DEFAULT_PAGE_READERS


# The three lists of a WooCommerce batch request (and of its answer).
BatchAction = Literal["create", "update", "delete"]


@dataclass(frozen=True)
class BatchItemError:
    """One item WooCommerce refused inside an otherwise accepted batch request."""

    action: BatchAction
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


def _batch_chunks(
    create: Sequence[Any], update: Sequence[Any], delete: Sequence[Any]
) -> Iterator[dict[str, list[Any]]]:
    """Split create/update/delete into bodies of at most WOO_BATCH_LIMIT items in total."""
    pending = (
        [("create", item) for item in create]
        + [("update", item) for item in update]
        + [("delete", item) for item in delete]
    )
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

    def __init__(
        self, *, woocommerce_conn_id: str = default_conn_name, page_readers: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(conn_id=woocommerce_conn_id, **kwargs)
        self._page_readers = page_readers  # the tenant's choice, over the connection's
        self._store_wide_refunds: bool | None = None  # unknown until the store is asked (see refunds_of)

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
                self.conn_id,
                "allow_insecure_http",
                "the store URL is plain http; set allow_insecure_http to use OAuth 1.0a over HTTP",
            )
        return OAuth1OneLegged(
            key,
            secret,
            signature_method="HMAC-SHA256",
            placement=self.settings.auth_placement,
            credentials_missing=credentials_not_seen,
        )

    def _build_client(self) -> RestClient:
        return self._rest_client(
            base_url=self.store_url + "/" + self.settings.api_path.strip("/"),
            auth=self._auth(),
            error_parser=woocommerce_error,
        )

    def _check_connection(self) -> str:
        # A site on "Plain" permalinks has no /wp-json/ address: WordPress answers it with a theme page (404, or
        # the home page), while /?rest_route=/wc/v3 works. Said here, at set-up, with the fix.
        try:
            response = self.client.request("GET", "orders", params={"per_page": 1}, endpoint="GET orders")
        except NotFoundError:
            self._raise_if_plain_permalinks("HTTP 404")
            raise
        content_type = response.headers.get("Content-Type", "")
        if "json" not in content_type.lower():
            self._raise_if_plain_permalinks(f"a {content_type or 'non-JSON'} page")
            raise ConnectionConfigError(
                self.conn_id,
                "host",
                f"GET orders answered {content_type or 'a body'} instead of JSON: check the store URL and api_path",
            )
        total = response.headers.get("X-WP-Total", "?")
        return f"WooCommerce store answered; {total} orders visible to this key"

    def _raise_if_plain_permalinks(self, answer: str) -> None:
        """Raise naming the "Plain" permalinks setting when the REST index answers at ``?rest_route=`` instead.

        The index needs no authentication, so the probe sends none: nothing about the keys can spoil it.
        """
        api_path = self.settings.api_path
        if "rest_route=" in api_path:
            return
        route = "/" + api_path.strip("/").split("/", 1)[-1]  # "/wp-json/wc/v3" -> "/wc/v3"
        probe = self._rest_client(base_url=self.store_url, auth=None, error_parser=woocommerce_error)
        try:
            index = probe.get_json(f"?rest_route={route}", endpoint="GET ?rest_route index")
        except ApiError:
            return
        if not isinstance(index, dict) or index.get("namespace") != route.strip("/"):
            return
        raise ConnectionConfigError(
            self.conn_id,
            "api_path",
            f"the store answers {api_path}/orders with {answer} while {self.store_url}/?rest_route={route} works: "
            'the WordPress site uses "Plain" permalinks, which give the REST API no /wp-json/ address. Fix: in '
            "the WordPress admin, Settings -> Permalinks, choose any structure other than Plain (e.g. Post name) "
            f"and save; where that cannot change, set this connection's api_path to /?rest_route={route}",
        )

    # --- orders -------------------------------------------------------------------------------------------

    def _walk(
        self,
        path: str,
        params: Mapping[str, Any] | None,
        *,
        endpoint: str,
        per_page: int = 100,
        readers: int | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Every row of a list, each read at least once however the list changes while it is read.

        See paging/woocommerce.py and paging/coverage.py: the walk is in id order by overlapping offsets, so
        neither the store's unstable order of tied rows nor rows moving between requests can hide a row.
        """
        counter = self.counter

        def throttled() -> int:
            return counter.count(self.system, status=429) + counter.count(self.system, status=503)

        pool = AdaptiveReaders(
            readers or self._page_readers or self.settings.page_readers, throttled=throttled, label=endpoint
        )
        return self._records(
            WooIdWalk(per_page=per_page, readers=pool, label=endpoint), path, params, endpoint=endpoint
        )

    def iter_orders(
        self,
        window: Window | None = None,
        *,
        statuses: Sequence[str] | None = None,
        params: Mapping[str, Any] | None = None,
        per_page: int = 100,
        readers: int | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Stream the orders the window admits (in no particular order; the walk reads some twice).

        Both bounds go to the store (``modified_after``/``modified_before``): a window that ends in the past only
        loses rows while it is read (an order changed now moves past its end), and the walk proves it read every
        row that stayed. The window's exact bounds and the watermark's boundary ids are applied here.
        """
        query: dict[str, Any] = {}
        if window is not None:
            query.update(woo_window_params(window))
        if statuses:
            query["status"] = ",".join(statuses)
        query.update(params or {})
        for order in self._walk("orders", query, endpoint="GET orders", per_page=per_page, readers=readers):
            if window is None:
                yield order
                continue
            try:
                modified, identity = order_modified(order), order_id(order)
            except (KeyError, TypeError, ValueError):
                # The store's own filter let it through; without a readable stamp the window cannot judge it,
                # so it is passed on for the ledger to hold (and quarantine with the reason) rather than one
                # bad order stopping the extract of all the others.
                self.log.warning(
                    "order %r has no readable date_modified_gmt (%r); passed on unjudged",
                    order.get("id"),
                    order.get("date_modified_gmt"),
                )
                yield order
                continue
            if window.admits(modified, identity):
                yield order

    def iter_orders_with_trash(
        self, window: Window | None = None, *, per_page: int = 100, readers: int | None = None
    ) -> Iterator[dict[str, Any]]:
        """Every order the window admits, trashed ones included (a trashed order is a cancellation to apply).

        The default status ``any`` leaves the trash out, and a list naming ``any`` reads as ``any`` alone
        (``WC_REST_Orders_Controller::prepare_objects_query`` stops at it), so the trash takes a request of its
        own. Naming every status instead would miss the statuses plugins register.
        """
        yield from self.iter_orders(window, per_page=per_page, readers=readers)
        yield from self.iter_orders(window, statuses=("trash",), per_page=per_page, readers=readers)

    def get_order(self, order_id: int) -> dict[str, Any]:
        order: dict[str, Any] = self.client.get_json(f"orders/{int(order_id)}", endpoint="GET orders/{id}")
        return order

    def get_orders_by_ids(self, ids: Iterable[int]) -> list[dict[str, Any]]:
        """Fetch many orders by id with the ``include`` filter (missing ids are simply absent)."""
        wanted = sorted({int(i) for i in ids})
        found: list[dict[str, Any]] = []
        # `any` leaves trashed orders out (see iter_orders_with_trash): the ids it did not return are asked again
        # in the trash.
        for status in ("any", "trash"):
            seen = {order.get("id") for order in found}
            for chunk in _chunks([i for i in wanted if i not in seen], IDS_FILTER_CHUNK):
                query = {"include": ",".join(map(str, chunk)), "status": status}
                found.extend(self._walk("orders", query, endpoint="GET orders", readers=1))
        return found

    def list_refunds(self, order_id: int) -> list[dict[str, Any]]:
        path = f"orders/{int(order_id)}/refunds"
        return list(self._walk(path, None, endpoint="GET orders/{id}/refunds", readers=1))

    def refunds_of(self, wanted: Mapping[int, Iterable[int]]) -> dict[int, list[dict[str, Any]]]:
        """The refunds of these orders, by order id; ``wanted`` names the refund ids each order's summary lists.

        A store with the store-wide ``refunds`` list (WooCommerce 9.0+) answers 99 named refunds a request, each
        carrying its ``parent_id``; an older store answers ``rest_no_route`` there, and is then read order by order
        (``orders/{id}/refunds``) for as long as this hook lives. Nothing is configured: the store says which.
        """
        by_order: dict[int, list[dict[str, Any]]] = {int(order_id): [] for order_id in wanted}
        refund_ids = sorted({int(r) for ids in wanted.values() for r in ids})
        if self._store_wide_refunds is not False and refund_ids:
            try:
                for chunk in _chunks(refund_ids, IDS_FILTER_CHUNK):
                    for refund in self._walk(
                        "refunds", {"include": ",".join(map(str, chunk))}, endpoint="GET refunds", readers=1
                    ):
                        if refund.get("parent_id") in by_order:
                            by_order[refund["parent_id"]].append(refund)
                self._store_wide_refunds = True
                return by_order
            except NotFoundError as error:
                if error.code != "rest_no_route":
                    raise
                self.log.info(
                    "the store has no store-wide refunds list (WooCommerce before 9.0); refunds are read order by order"
                )
                self._store_wide_refunds = False
                by_order = {order_id: [] for order_id in by_order}
        for order_id in by_order:
            by_order[order_id] = self.list_refunds(order_id)
        return by_order

    def set_orders_meta(self, key: str, values: Mapping[int, Any]) -> dict[int, ApiError | None]:
        """Set one meta_data entry on many orders with ``POST orders/batch`` (100 orders a request).

        WooCommerce replaces an existing entry of the same key, so the marker is never doubled.
        The body only updates that one key, so a request that failed ambiguously is safe to send again and the
        core retries it like a PUT. Returns, per order id, None when WooCommerce took the update or the error it
        gave that order (e.g. HTTP 400 ``woocommerce_rest_shop_order_invalid_id`` for a deleted order). An order
        the answer does not mention gets a transient error: nothing says it was written.
        """
        updates = [
            {"id": int(order_id), "meta_data": [{"key": key, "value": value}]} for order_id, value in values.items()
        ]
        result = self._batch("orders/batch", "POST orders/batch", (), updates, (), idempotent=True)
        outcome: dict[int, ApiError | None] = {int(order_id): self._unanswered(order_id) for order_id in values}
        for order in result.updated:
            if isinstance(order.get("id"), int) and order["id"] in outcome:
                outcome[order["id"]] = None
        for error in result.errors:
            outcome[int(error.item["id"])] = self._batch_item_error(error)
        return outcome

    def _unanswered(self, order_id: int) -> ApiError:
        return TransientApiError(
            system=self.system,
            method="POST",
            url=f"orders/batch (order {int(order_id)})",
            reason="the batch answer does not mention this order",
        )

    def _batch_item_error(self, error: BatchItemError) -> ApiError:
        """The error WooCommerce gave one item of a batch, typed like the same error from a single request."""
        item_id = error.item if error.action == "delete" else error.item.get("id")
        fields: dict[str, Any] = dict(
            system=self.system,
            method="POST",
            url=f"{error.action} item {item_id} of a batch",
            status=error.status,
            code=self.client.redact(error.code) if error.code else None,
            vendor_message=self.client.redact(error.message) if error.message else None,
        )
        if error.status is None or error.status >= 500 or error.status == 429:
            return TransientApiError(**fields)
        return NotFoundError(**fields) if error.status == 404 else PermanentApiError(**fields)

    # --- catalogue ----------------------------------------------------------------------------------------

    def iter_products(
        self, params: Mapping[str, Any] | None = None, *, per_page: int = 100
    ) -> Iterator[dict[str, Any]]:
        return self._walk("products", params, endpoint="GET products", per_page=per_page)

    def iter_variations(
        self, product_id: int, params: Mapping[str, Any] | None = None, *, per_page: int = 100
    ) -> Iterator[dict[str, Any]]:
        return self._walk(
            f"products/{int(product_id)}/variations",
            params,
            endpoint="GET products/{id}/variations",
            per_page=per_page,
            readers=1,
        )

    def find_products_by_skus(self, skus: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Products by SKU via the comma-list ``sku`` filter; SKUs not found are absent from the result."""
        wanted = sorted({s for s in skus if s})
        found: dict[str, dict[str, Any]] = {}
        for chunk in _chunks(wanted, SKU_FILTER_CHUNK):
            for product in self.iter_products({"sku": ",".join(chunk), "status": "any"}):
                if product.get("sku") in chunk:
                    found[product["sku"]] = product
        return found

    def batch_products(
        self,
        *,
        create: Sequence[dict[str, Any]] = (),
        update: Sequence[dict[str, Any]] = (),
        delete: Sequence[int] = (),
    ) -> BatchResult:
        return self._batch("products/batch", "POST products/batch", create, update, delete)

    def batch_variations(
        self,
        product_id: int,
        *,
        create: Sequence[dict[str, Any]] = (),
        update: Sequence[dict[str, Any]] = (),
        delete: Sequence[int] = (),
    ) -> BatchResult:
        return self._batch(
            f"products/{int(product_id)}/variations/batch",
            "POST products/{id}/variations/batch",
            create,
            update,
            delete,
        )

    def _batch(
        self,
        path: str,
        endpoint: str,
        create: Sequence[Any],
        update: Sequence[Any],
        delete: Sequence[Any],
        *,
        idempotent: bool = False,
    ) -> BatchResult:
        """Send in chunks of at most 100 items and collect per-item errors instead of hiding them.

        A batch is a POST: after an ambiguous failure the core raises AmbiguousWriteError and nothing is
        re-sent here; creates must be found by SKU before being retried by the caller. ``idempotent`` says the
        body is safe to apply twice (updates that set values), so the core may re-send it like a PUT.
        """
        result = BatchResult()
        for body in _batch_chunks(create, update, delete):
            answer = self.client.send_json("POST", path, json=body, endpoint=endpoint, idempotent=idempotent) or {}
            buckets: tuple[tuple[BatchAction, list[dict[str, Any]]], ...] = (
                ("create", result.created),
                ("update", result.updated),
                ("delete", result.deleted),
            )
            for action, bucket in buckets:
                for sent, received in zip(body.get(action, []), answer.get(action) or [], strict=False):
                    error = received.get("error") if isinstance(received, Mapping) else None
                    if error:
                        data = error.get("data") if isinstance(error.get("data"), Mapping) else {}
                        status = data.get("status") if isinstance(data.get("status"), int) else None
                        result.errors.append(
                            BatchItemError(action, sent, error.get("code"), error.get("message"), status)
                        )
                    else:
                        bucket.append(received)
        return result

    # --- webhooks -----------------------------------------------------------------------------------------

    def list_webhooks(self, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        return list(self._walk("webhooks", params, endpoint="GET webhooks", readers=1))

    def create_webhook(
        self,
        *,
        topic: str,
        delivery_url: str,
        name: str | None = None,
        secret: str | None = None,
        status: str = "active",
    ) -> dict[str, Any]:
        """Create a webhook signed with ``secret`` (default: the connection's webhook secret)."""
        body = {
            "name": name or f"erplink {topic}",
            "topic": topic,
            "delivery_url": delivery_url,
            "status": status,
            "secret": secret or self.settings.webhook_secret,
        }
        created: dict[str, Any] = self.client.send_json(
            "POST", "webhooks", json={k: v for k, v in body.items() if v is not None}, endpoint="POST webhooks"
        )
        return created

    def update_webhook(self, webhook_id: int, **fields: Any) -> dict[str, Any]:
        updated: dict[str, Any] = self.client.send_json(
            "PUT", f"webhooks/{int(webhook_id)}", json=fields, endpoint="PUT webhooks/{id}"
        )
        return updated
