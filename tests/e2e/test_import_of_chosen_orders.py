"""A run for chosen orders (the orders DAG with ``order_ids``, as the erplink page's "Import selected" starts it)
posts those orders and their refunds, and writes back their markers, while every other order waiting in the
ledger stays where it is until the next regular run takes it."""

from __future__ import annotations

import pytest

from tests.e2e.checks import duplicated_refs, expectation, posted_refs
from tests.e2e.expectations import order_ref
from tests.support.integration import Harness

pytestmark = pytest.mark.slow

MARKER_KEY = "_erplink_qad_ref"
# QAD refuses every request (its login first): the orders' load stops before it takes any order, so the first run
# leaves every order of the store pending in the ledger (and their refunds waiting for them).
QAD_REFUSES_EVERYTHING = {"status_burst": [{"status": 400, "count": 100_000, "path_prefix": "/tenants/"}]}


def _marked_orders(h: Harness) -> set[int]:
    with h.woo.docs.lock:
        return {
            order_id
            for order_id, order in h.woo.docs.orders.items()
            if any(entry["key"] == MARKER_KEY for entry in order["meta_data"])
        }


def _statuses(h: Harness, entity: str) -> dict[str, str]:
    return {record.key.source_id: record.status.value for record in h.records(entity)}


def test_a_run_for_chosen_orders_posts_only_those_and_the_next_regular_run_posts_the_rest(integration) -> None:
    h: Harness = integration(orders=30, skus=20)
    want = expectation(h)
    h.running.qad.faults.set(QAD_REFUSES_EVERYTHING)
    assert h.run("orders") == "failed"
    h.running.qad.faults.clear()
    assert posted_refs(h) == set()
    waiting = {int(source_id) for source_id, status in _statuses(h, "order").items() if status == "pending"}
    sendable = sorted(s.order_id for s in want.sales_orders.values() if s.order_id in waiting)
    with_refund = [order_id for order_id in sendable if h.world.refunds.get(order_id)]
    assert with_refund and len(sendable) >= 4, "the seeded world needs a refunded order and a few others"
    chosen = sorted({with_refund[0], next(order_id for order_id in sendable if order_id != with_refund[0])})
    others_before = {
        entity: {
            key: status
            for key, status in _statuses(h, entity).items()
            if key.split("-")[0] not in {str(order_id) for order_id in chosen}
        }
        for entity in ("order", "refund")
    }

    assert h.run("orders", {"order_ids": chosen}) == "success"

    assert posted_refs(h) == {order_ref(order_id) for order_id in chosen}
    assert posted_refs(h, "credit-memos") == {
        memo.reference for memo in want.credit_memos.values() if memo.order_reference in posted_refs(h)
    }
    assert _marked_orders(h) == set(chosen)
    for entity, before in others_before.items():
        after = {key: status for key, status in _statuses(h, entity).items() if key in before}
        assert after == before, f"a run for orders {chosen} changed other {entity} records"
    assert {_statuses(h, "order")[str(order_id)] for order_id in chosen} == {"done"}

    assert h.run("orders") == "success"

    assert posted_refs(h) == set(want.sales_orders)
    assert posted_refs(h, "credit-memos") == set(want.credit_memos)
    assert duplicated_refs(h, "sales-orders") == {} and duplicated_refs(h, "credit-memos") == {}
    assert _marked_orders(h) == {s.order_id for s in want.sales_orders.values()}
