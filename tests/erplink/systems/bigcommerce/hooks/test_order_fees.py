"""The hook reads an order's fees inside the order (`include=fees` on the list and on one order, as
orders.v2.oas2.yml documents for both), so they cost no request of their own; the count takes only the filters."""

from __future__ import annotations

from typing import Any

from tests.erplink.hooks.fakes import Answer, Seen
from tests.erplink.systems.bigcommerce.hooks.test_bigcommerce import make_hook

FEE = {"id": 3, "type": "custom_fee", "display_name_merchant": "Gift wrap", "cost_ex_tax": "2.5000"}


def _order(seen: Seen, order_id: int) -> dict[str, Any]:
    """As the store answers: the fees only when asked for."""
    order: dict[str, Any] = {"id": order_id, "date_modified": "Mon, 05 Jan 2026 12:00:00 +0000"}
    if "fees" in seen.query.get("include", "").split(","):
        order["fees"] = [FEE]
    return order


def test_listed_and_single_orders_come_with_their_fees_and_no_fee_request(monkeypatch):
    hook, api = make_hook(monkeypatch, store_hash="abc123")

    def listed(seen: Seen) -> Answer:
        return (200, [_order(seen, 7)]) if seen.query.get("page") == "1" else (204, None)

    api.route("GET", "/stores/abc123/v2/orders", listed)
    api.route("GET", "/stores/abc123/v2/orders/count", (200, {"count": 1}))
    api.route("GET", "/stores/abc123/v2/orders/7", lambda seen: (200, _order(seen, 7)))

    assert [order["fees"] for order in hook.iter_orders()] == [[FEE]]
    assert hook.get_order(7)["fees"] == [FEE]
    assert all(seen.query.get("include") == "fees" for seen in api.calls("GET", "/v2/orders") if seen.path != (
        "/stores/abc123/v2/orders/count"))  # fmt: skip
    assert [seen.query.get("include") for seen in api.calls("GET", "/v2/orders/count")] == [None]
    assert api.calls("GET", "/fees") == []
