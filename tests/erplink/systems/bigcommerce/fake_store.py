"""A small BigCommerce store served in this process, as unkind as a real one to a client that pages through it.

It sorts rows with equal sort keys in a new random order on every request (BigCommerce defines no order among
them), may edit, place and delete orders between list requests ("churn"), answers an empty list with 204 or
``200 []``, and refuses a ``limit`` over 250 with 413. Besides the orders list it serves what the extract and the
write-back read: the count, an order's products, shipping addresses and coupons, the store-wide refunds list, an
order's transactions (in a new order on every request) and order metafields.
"""

from __future__ import annotations

import email.utils
import random
import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from erplink.systems.bigcommerce.hooks.bigcommerce import BigCommerceHook
from tests.erplink.hooks.fakes import NO_RETRY, Answer, FakeApi, Seen, use_connection

NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
STORE = "/stores/abc123"
MAX_LIMIT = 250


def rfc2822(moment: datetime) -> str:
    return email.utils.format_datetime(moment)


def make_order(order_id: int, modified: datetime, *, customer_id: int = 0) -> dict[str, Any]:
    return {
        "id": order_id,
        "customer_id": customer_id,
        "date_created": rfc2822(modified - timedelta(hours=1)),
        "date_modified": rfc2822(modified),
        "status_id": 11,
        "status": "Awaiting Fulfillment",
        "currency_code": "USD",
        "total_inc_tax": "10.0000",
        "total_tax": "0.0000",
        "discount_amount": "0.0000",
        "refunded_amount": "0.0000",
        "billing_address": {"first_name": "Ann", "email": f"shopper{order_id}@example.com", "country_iso2": "US"},
        "products": {"url": f"https://api.example/v2/orders/{order_id}/products", "resource": "/products"},
    }


class FakeBigCommerce:
    def __init__(self, orders: list[dict[str, Any]], *, seed: int = 0, churn: int = 0, empty_as_204: bool = True):
        self.orders = {order["id"]: order for order in orders}
        self.rng = random.Random(seed)
        self.churn = churn
        self.empty_as_204 = empty_as_204
        self.touched: set[int] = set()
        self.list_requests = 0
        self.refunds: dict[int, list[dict[str, Any]]] = {}
        self.transactions: dict[int, list[dict[str, Any]]] = {}
        self.metafields: dict[int, list[dict[str, Any]]] = {}
        self.lock = threading.Lock()
        self.api = FakeApi()
        self.api.route("GET", f"{STORE}/v2/orders", self._list)
        self.api.route("GET", f"{STORE}/v2/orders/count", self._count)
        self.api.route("GET", rf"{STORE}/v2/orders/(\d+)", self._one)
        self.api.route("GET", rf"{STORE}/v2/orders/(\d+)/(products|shipping_addresses|coupons)", self._part)
        self.api.route("GET", f"{STORE}/v3/orders/payment_actions/refunds", self._refunds)
        self.api.route("GET", rf"{STORE}/v3/orders/(\d+)/transactions", self._transactions)
        self.api.route("GET", rf"{STORE}/v3/orders/(\d+)/metafields", self._metafields)
        self.api.route("POST", rf"{STORE}/v3/orders/(\d+)/metafields", self._create_metafield)
        self.api.route("PUT", rf"{STORE}/v3/orders/(\d+)/metafields/(\d+)", self._update_metafield)

    def hook(self, monkeypatch: pytest.MonkeyPatch) -> BigCommerceHook:
        use_connection(
            monkeypatch,
            BigCommerceHook,
            conn_type="bigcommerce",
            login="client",
            password="bc-access-7f3a9c",  # a secret is masked in every later message: never a common word
            extra={"store_hash": "abc123", "api_base": "https://api.example"},
        )
        return BigCommerceHook(bigcommerce_conn_id="under_test", session=self.api.session(), retry=NO_RETRY)

    # --- the orders list ------------------------------------------------------------------------------------

    def _matching(self, query: dict[str, str]) -> list[dict[str, Any]]:
        low = email.utils.parsedate_to_datetime(query["min_date_modified"]) if "min_date_modified" in query else None
        high = email.utils.parsedate_to_datetime(query["max_date_modified"]) if "max_date_modified" in query else None
        rows = []
        for order in self.orders.values():
            stamp = email.utils.parsedate_to_datetime(order["date_modified"])
            if (low is None or stamp >= low) and (high is None or stamp <= high):
                rows.append(order)
        return rows

    def _list(self, seen: Seen) -> Answer:
        with self.lock:
            limit, page = int(seen.query.get("limit", 50)), int(seen.query.get("page", 1))
            if limit > MAX_LIMIT:
                return 413, {"status": 413, "title": "The limit parameter exceeded the maximum"}
            if self.list_requests:
                self._churn()
            self.list_requests += 1
            field, _, direction = seen.query.get("sort", "id:asc").partition(":")
            rows = self._matching(seen.query)
            self.rng.shuffle(rows)  # equal keys come back in a different order on every request
            rows.sort(key=lambda o: _sort_key(o, field), reverse=direction == "desc")
            chunk = rows[(page - 1) * limit : page * limit]
            if not chunk:
                return (204, None) if self.empty_as_204 else (200, [])
            return 200, [dict(order) for order in chunk]

    def _count(self, seen: Seen) -> Answer:
        with self.lock:
            return 200, {"count": len(self._matching(seen.query)), "statuses": []}

    def _churn(self) -> None:
        """Between two list requests: edit orders out of the window, place new ones, delete some."""
        for _ in range(self.churn):
            action = self.rng.choice(("edit", "place", "delete"))
            if action == "place":
                order_id = max(self.orders, default=0) + 1
                self.orders[order_id] = make_order(order_id, NOW - timedelta(seconds=self.rng.randrange(5)))
            elif self.orders:
                order_id = self.rng.choice(sorted(self.orders))
                if action == "edit":
                    self.orders[order_id] = {
                        **self.orders[order_id],
                        "date_modified": rfc2822(NOW + timedelta(hours=1)),
                    }
                else:
                    del self.orders[order_id]
            else:
                continue
            self.touched.add(order_id)

    # --- what the extract reads beside the list ---------------------------------------------------------------

    def _one(self, seen: Seen) -> Answer:
        order = self.orders.get(int(seen.path.split("/")[-1]))
        return (
            (200, dict(order))
            if order
            else (404, [{"status": 404, "message": "The requested resource was not found."}])
        )

    def _part(self, seen: Seen) -> Answer:
        order_id, part = int(seen.path.split("/")[-2]), seen.path.split("/")[-1]
        if part == "products":
            rows = [
                {
                    "id": order_id * 10,
                    "order_id": order_id,
                    "product_id": 7,
                    "variant_id": 70,
                    "sku": "SKU-7",
                    "name": "Towel",
                    "quantity": 1,
                    "total_ex_tax": "10.0000",
                    "total_tax": "0.0000",
                    "applied_discounts": [],
                }
            ]
        else:
            rows = []
        if int(seen.query.get("page", 1)) > 1 or not rows:
            return (204, None) if self.empty_as_204 else (200, [])
        return 200, rows

    def _refunds(self, seen: Seen) -> Answer:
        wanted = {int(i) for i in seen.query.get("order_id:in", "").split(",") if i}
        rows = [r for order_id in sorted(wanted) for r in self.refunds.get(order_id, [])]
        page, limit = int(seen.query.get("page", 1)), int(seen.query.get("limit", 50))
        chunk = rows[(page - 1) * limit : page * limit]
        pages = max(1, -(-len(rows) // limit))
        return 200, {"data": chunk, "meta": {"pagination": {"current_page": page, "total_pages": pages}}}

    def _transactions(self, seen: Seen) -> Answer:
        with self.lock:
            rows = [dict(t) for t in self.transactions.get(int(seen.path.split("/")[-2]), [])]
            self.rng.shuffle(rows)  # the API defines no order among an order's transactions
        if not rows:
            return (204, None) if self.empty_as_204 else (200, {"data": [], "meta": {"pagination": {"total": 0}}})
        pagination = {"total": len(rows), "count": len(rows), "current_page": 1, "total_pages": 1}
        return 200, {"data": rows, "meta": {"pagination": pagination}}

    def _metafields(self, seen: Seen) -> Answer:
        order_id = int(seen.path.split("/")[-2])
        rows = [
            m
            for m in self.metafields.get(order_id, [])
            if m["namespace"] == seen.query.get("namespace") and m["key"] == seen.query.get("key")
        ]
        return 200, {"data": rows, "meta": {"pagination": {"current_page": 1, "total_pages": 1}}}

    def _create_metafield(self, seen: Seen) -> Answer:
        order_id, body = int(seen.path.split("/")[-2]), seen.json
        fields = self.metafields.setdefault(order_id, [])
        if any(m["namespace"] == body["namespace"] and m["key"] == body["key"] for m in fields):
            return 409, {"status": 409, "title": "Metafield already exists"}
        created = {**body, "id": 1000 + sum(len(v) for v in self.metafields.values()), "resource_id": order_id}
        fields.append(created)
        return 200, {"data": created}

    def _update_metafield(self, seen: Seen) -> Answer:
        order_id, metafield_id = int(seen.path.split("/")[-3]), int(seen.path.split("/")[-1])
        for metafield in self.metafields.get(order_id, []):
            if metafield["id"] == metafield_id:
                metafield.update(seen.json)
                return 200, {"data": metafield}
        return 404, {"status": 404, "title": "Metafield not found"}


def _sort_key(order: dict[str, Any], field: str) -> Any:
    if field == "date_modified":
        return email.utils.parsedate_to_datetime(order["date_modified"])
    return order[field]
