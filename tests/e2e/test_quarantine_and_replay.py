"""Orders a person must look at: held back for a SKU QAD lacks and replayed once it exists, and a posted order
cancelled in the store — cancelled in QAD while it is open, quarantined with a reason once QAD shipped it."""

from __future__ import annotations

from decimal import Decimal

from tests.e2e.checks import backdate_store_events, expectation, place_order, posted_refs
from tests.e2e.expectations import order_ref
from tests.support.integration import INTEGRATION, TENANT, Harness


def _qad_order(h: Harness, order_id: int) -> dict:
    matches = [doc for doc in h.qad.documents("sales-orders") if doc["externalRef"] == order_ref(order_id)]
    assert len(matches) == 1, f"{len(matches)} QAD sales orders for store order {order_id}"
    return matches[0]


def test_order_held_for_a_missing_sku_is_replayed_into_exactly_one_sales_order(integration) -> None:
    h: Harness = integration(orders=60, skus=30)
    assert h.run("orders") == "success"
    held_before = {r.key.source_id for r in h.records("order", ("quarantined",))}
    sku = sorted(h.world.missing_skus)[0]
    backdate_store_events(h)
    order_id = place_order(h, email="new.buyer@example.com", sku=sku, quantity=2)["id"]
    assert h.run("orders") == "success"
    [record] = [r for r in h.records("order", ("quarantined",)) if r.key.source_id == str(order_id)]
    assert sku in record.last_error and f"order {order_id}" in record.last_error, record.last_error
    assert order_ref(order_id) not in posted_refs(h)

    # The item is set up in QAD, as a person would after reading the reason, and the order replayed.
    h.qad.add_item(sku, f"Item {sku}")
    h.qad.set_price(sku, Decimal("19.99"), price_list="USD", currency="USD")
    h.qad.set_stock(sku, "10-100", "FG", on_hand=Decimal(10))
    requeued = h.ledger().requeue(tenant=TENANT, integration=INTEGRATION, entity="order", keys=[str(order_id)],
                                  statuses=("quarantined",))
    assert requeued == 1
    assert h.run("orders", {"order_ids": [order_id]}) == "success"
    assert h.run("orders", {"order_ids": [order_id]}) == "success"  # replaying again still makes one

    posted = _qad_order(h, order_id)
    assert [(line["itemNumber"], line["quantity"]) for line in posted["lines"]] == [(sku, "2")]
    assert h.ledger().get(record.key).status == "done"
    # Only the replayed order moved: orders held back before stay quarantined until someone replays them.
    assert {r.key.source_id for r in h.records("order", ("quarantined",))} == held_before


def _plain_posted_orders(h: Harness, count: int) -> list[int]:
    """Posted store orders without refunds (a cancellation of those is the simple case)."""
    want = expectation(h)
    ids = [s.order_id for s in want.sales_orders.values() if not h.world.refunds.get(s.order_id)]
    assert len(ids) >= count
    return sorted(ids)[:count]


def test_order_cancelled_in_the_store_after_posting_is_cancelled_in_qad(integration) -> None:
    h: Harness = integration(orders=60, skus=30)
    assert h.run("orders") == "success"
    [order_id] = _plain_posted_orders(h, 1)
    assert _qad_order(h, order_id)["status"] == "OPEN"

    backdate_store_events(h)
    h.woo.update_order(order_id, {"status": "cancelled"})
    assert h.run("orders") == "success"

    assert _qad_order(h, order_id)["status"] == "CANCELLED"
    [record] = [r for r in h.records("order") if r.key.source_id == str(order_id)]
    assert record.status == "done", record.last_error


def test_cancelling_an_order_qad_already_shipped_is_quarantined_for_a_person(integration) -> None:
    h: Harness = integration(orders=60, skus=30)
    assert h.run("orders") == "success"
    [order_id] = _plain_posted_orders(h, 1)
    order_number = _qad_order(h, order_id)["orderNumber"]
    h.qad.set_order_status(order_number, "SHIPPED")

    backdate_store_events(h)
    h.woo.update_order(order_id, {"status": "cancelled"})
    assert h.run("orders") == "success"

    assert _qad_order(h, order_id)["status"] == "SHIPPED"
    [record] = [r for r in h.records("order", ("quarantined",)) if r.key.source_id == str(order_id)]
    reason = record.last_error
    assert f"order {order_id}" in reason and order_number in reason, reason
    assert "cancelled" in reason and "by hand" in reason, reason
