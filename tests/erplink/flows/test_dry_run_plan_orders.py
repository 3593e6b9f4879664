"""A dry run's plan says, order by order, what a real run would do: the documents planned for it since its mark
(created, linked, updated…, the write-back), what would be held back and why, that it is no sale, or that nothing
would be sent; the plan's counts and lists stay as they were."""

from __future__ import annotations

import logging
from types import SimpleNamespace
from typing import Any

from erplink.flows.dry_run_plan import OrdersPlan

DOCUMENTS = {"sales_orders": ("create", "update", "link"), "customers": ("create",), "credit_memos": ("create",)}


def _plan() -> OrdersPlan:
    fc: Any = SimpleNamespace(log=logging.getLogger("test.dry_run"))
    return OrdersPlan(fc, DOCUMENTS)


def test_each_order_gets_the_documents_planned_for_it_and_a_verdict() -> None:
    plan = _plan()
    mark = plan.mark()
    plan.add("customers", "create", "ann@example.com")
    plan.add("sales_orders", "create", "WC-shop-1")
    plan.write_back.append({"order_id": 1, "key": "_ref", "value": "<new sales order WC-shop-1>"})
    plan.note_order({"id": 1}, mark)

    mark = plan.mark()
    plan.hold("order 2: unknown SKU X-1")
    plan.note_order({"id": 2}, mark)

    mark = plan.mark()
    plan.unchanged += 1
    plan.note_order({"id": 3}, mark)

    mark = plan.mark()
    plan.note_order({"id": 4}, mark, skipped="status pending is not a sale")

    by_id = {order["id"]: order for order in plan.to_dict()["orders"]}
    assert by_id[1]["verdict"] == "send"
    assert by_id[1]["outcomes"] == [
        "create sales order WC-shop-1",
        "create customer ann@example.com",
        "write back <new sales order WC-shop-1>",
    ]
    assert by_id[2] == {"id": 2, "verdict": "hold back", "outcomes": ["hold back: order 2: unknown SKU X-1"]}
    assert by_id[3]["verdict"] == "nothing"
    assert by_id[4] == {"id": 4, "verdict": "skip", "outcomes": ["not a sale: status pending is not a sale"]}
    assert plan.to_dict()["sales_orders"]["create"] == ["WC-shop-1"] and plan.held_back == ["order 2: unknown SKU X-1"]


def test_a_refund_planned_after_its_order_is_listed_with_that_order() -> None:
    plan = _plan()
    mark = plan.mark()
    plan.add("sales_orders", "link", "WC-shop-5")
    plan.add("credit_memos", "create", "WC-shop-5-R9")
    plan.note_order({"id": 5}, mark)
    [order] = plan.orders
    assert order["outcomes"] == ["link sales order WC-shop-5", "create credit memo WC-shop-5-R9"]
