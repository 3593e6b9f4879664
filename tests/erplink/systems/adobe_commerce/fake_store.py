"""A small Adobe Commerce (Magento 2.4) store served in this process, as unkind as a real one to a client that pages
through it.

Its ``searchCriteria`` lists (orders, credit memos, invoices) apply filter groups (ANDed; ``eq``, ``in``, ``gt``,
``gteq``, ``lt``, ``lteq``), sort rows with equal sort keys in a new random order on every request (Magento
defines no order among them), clamp a ``currentPage`` past the end to the last page and answer that page again,
may cap the page size below the one asked for (input limits), and may edit, place and delete orders between two
orders list requests ("churn"). It also serves an order's comments (status history), read and added.
"""

from __future__ import annotations

import random
import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from erplink.systems.adobe_commerce.hooks.adobe_commerce import AdobeCommerceHook
from tests.erplink.hooks.fakes import NO_RETRY, Answer, FakeApi, Seen, use_connection

NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
REST = "/rest/default/V1"
PAAS = {
    "consumer_key": "ck-luma", "consumer_secret": "cs-7f3a9c41", "access_token": "at-5be8d2e0",
    "access_token_secret": "ats-0c1d9e7b",
}  # fmt: skip


def magento_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def make_order(order_id: int, updated: datetime, **changes: Any) -> dict[str, Any]:
    order: dict[str, Any] = {
        "entity_id": order_id,
        "increment_id": f"{order_id:09d}",
        "state": "processing",
        "status": "processing",
        "created_at": magento_time(updated - timedelta(hours=1)),
        "updated_at": magento_time(updated),
        "order_currency_code": "USD",
        "customer_is_guest": 1,
        "customer_email": f"shopper{order_id}@example.com",
        "grand_total": 10,
        "base_grand_total": 10,
        "tax_amount": 0,
        "discount_amount": 0,
        "total_paid": 10,
        "items": [
            {"item_id": order_id * 10, "sku": "24-MB01", "product_id": 1, "product_type": "simple", "name": "Bag",
             "qty_ordered": 1, "price": 10, "row_total": 10, "discount_amount": 0, "tax_amount": 0},
        ],
        "billing_address": {"firstname": "Ann", "lastname": "Lee", "country_id": "US", "city": "Calder",
                            "street": ["1 Main St"], "postcode": "49628", "telephone": "555"},
        "payment": {"method": "checkmo"},
        "status_histories": [],
    }  # fmt: skip
    order.update(changes)
    return order


class FakeAdobeCommerce:
    def __init__(
        self,
        orders: list[dict[str, Any]],
        *,
        seed: int = 0,
        churn: int = 0,
        page_size_cap: int | None = None,
    ):
        self.orders = {order["entity_id"]: order for order in orders}
        self.credit_memos: list[dict[str, Any]] = []
        self.invoices: list[dict[str, Any]] = []
        self.rng = random.Random(seed)
        self.churn = churn
        self.page_size_cap = page_size_cap
        self.touched: set[int] = set()
        self.order_list_requests = 0
        self.lock = threading.Lock()
        self.api = FakeApi()
        self.api.route("GET", f"{REST}/orders", lambda seen: self._list(seen, "orders"))
        self.api.route("GET", f"{REST}/creditmemos", lambda seen: self._list(seen, "creditmemos"))
        self.api.route("GET", f"{REST}/invoices", lambda seen: self._list(seen, "invoices"))
        self.api.route("GET", rf"{REST}/orders/(\d+)/comments", self._comments)
        self.api.route("POST", rf"{REST}/orders/(\d+)/comments", self._add_comment)

    def hook(self, monkeypatch: pytest.MonkeyPatch) -> AdobeCommerceHook:
        use_connection(
            monkeypatch, AdobeCommerceHook, conn_type="adobe_commerce", host="https://luma.example", extra=PAAS
        )
        return AdobeCommerceHook(adobe_commerce_conn_id="under_test", session=self.api.session(), retry=NO_RETRY)

    def list_requests(self, resource: str) -> list[Seen]:
        return [s for s in self.api.seen if s.method == "GET" and s.path == f"{REST}/{resource}"]

    # --- searchCriteria lists -----------------------------------------------------------------------------------

    def _rows(self, resource: str) -> list[dict[str, Any]]:
        if resource == "orders":
            return list(self.orders.values())
        return self.credit_memos if resource == "creditmemos" else self.invoices

    def _list(self, seen: Seen, resource: str) -> Answer:
        with self.lock:
            if resource == "orders":
                if self.order_list_requests:
                    self._churn()
                self.order_list_requests += 1
            query = seen.query
            rows = [row for row in self._rows(resource) if _matches(row, _filter_groups(query))]
            self.rng.shuffle(rows)  # equal sort keys come back in a different order on every request
            for field, direction in reversed(_sort_orders(query)):
                rows.sort(key=lambda row, f=field: _sort_value(row.get(f)), reverse=direction == "DESC")
            size = int(query.get("searchCriteria[pageSize]", 20))
            if self.page_size_cap is not None:
                size = min(size, self.page_size_cap)
            last_page = max(1, -(-len(rows) // size))
            page = min(max(1, int(query.get("searchCriteria[currentPage]", 1))), last_page)  # Magento clamps
            chunk = rows[(page - 1) * size : page * size]
            return 200, {"items": [dict(row) for row in chunk], "search_criteria": {}, "total_count": len(rows)}

    def _churn(self) -> None:
        """Between two orders list requests: edit orders out of the window, place new ones, delete some."""
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
                        "updated_at": magento_time(NOW + timedelta(hours=1)),
                    }
                else:
                    del self.orders[order_id]
            else:
                continue
            self.touched.add(order_id)

    # --- comments -------------------------------------------------------------------------------------------

    def _comments(self, seen: Seen) -> Answer:
        order = self.orders.get(int(seen.path.split("/")[-2]))
        if order is None:
            return 404, {"message": "The entity that was requested doesn't exist. Verify the entity and try again."}
        rows = order["status_histories"]
        return 200, {"items": [dict(row) for row in rows], "search_criteria": {}, "total_count": len(rows)}

    def _add_comment(self, seen: Seen) -> Answer:
        order = self.orders.get(int(seen.path.split("/")[-2]))
        if order is None:
            return 404, {"message": "The entity that was requested doesn't exist. Verify the entity and try again."}
        history = seen.json["statusHistory"]
        comment_id = 1 + max((c["entity_id"] for o in self.orders.values() for c in o["status_histories"]), default=0)
        order["status_histories"] = [
            {**history, "entity_id": comment_id, "entity_name": "order", "created_at": magento_time(NOW)},
            *order["status_histories"],
        ]  # Magento lists the newest comment first
        return 200, True


def _filter_groups(query: dict[str, str]) -> list[tuple[str, str, str]]:
    groups = []
    index = 0
    while f"searchCriteria[filter_groups][{index}][filters][0][field]" in query:
        prefix = f"searchCriteria[filter_groups][{index}][filters][0]"
        groups.append(
            (query[f"{prefix}[field]"], query[f"{prefix}[value]"], query.get(f"{prefix}[condition_type]", "eq"))
        )
        index += 1
    return groups


def _sort_orders(query: dict[str, str]) -> list[tuple[str, str]]:
    orders = []
    index = 0
    while f"searchCriteria[sortOrders][{index}][field]" in query:
        prefix = f"searchCriteria[sortOrders][{index}]"
        orders.append((query[f"{prefix}[field]"], query.get(f"{prefix}[direction]", "ASC").upper()))
        index += 1
    return orders


def _sort_value(value: Any) -> Any:
    return (0, value) if isinstance(value, int) else (1, str(value))


def _matches(row: dict[str, Any], groups: list[tuple[str, str, str]]) -> bool:
    for field, value, condition in groups:
        have = row.get(field)
        if condition == "in":
            if str(have) not in value.split(","):
                return False
            continue
        left, right = (have, int(value)) if isinstance(have, int) else (str(have), value)
        if not {
            "eq": left == right, "gt": left > right, "gteq": left >= right, "lt": left < right, "lteq": left <= right,
        }[condition]:  # fmt: skip
            return False
    return True
