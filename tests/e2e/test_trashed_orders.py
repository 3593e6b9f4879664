"""A posted order moved to the store's trash is read by the next run (WooCommerce's default status `any` leaves the
trash out) and cancelled in QAD while it is open; once QAD shipped it, it is quarantined for a person."""

from __future__ import annotations

from tests.e2e.checks import backdate_store_events, expectation
from tests.e2e.expectations import order_ref
from tests.support.integration import Harness


def _qad_order(h: Harness, order_id: int) -> dict:
    [doc] = [doc for doc in h.qad.documents("sales-orders") if doc["externalRef"] == order_ref(order_id)]
    return doc


def _posted_order_without_refunds(h: Harness) -> int:
    return min(s.order_id for s in expectation(h).sales_orders.values() if not h.world.refunds.get(s.order_id))


def _record(h: Harness, order_id: int):
    [record] = [r for r in h.records("order") if r.key.source_id == str(order_id)]
    return record


def test_a_posted_order_trashed_in_the_store_is_cancelled_in_qad(integration) -> None:
    h: Harness = integration(orders=60, skus=30)
    assert h.run("orders") == "success"
    order_id = _posted_order_without_refunds(h)
    assert _qad_order(h, order_id)["status"] == "OPEN"

    backdate_store_events(h)
    h.woo.orders.delete(order_id, force=False)  # the shop manager's "Move to trash"
    assert h.woo.docs.orders[order_id]["status"] == "trash"
    assert h.run("orders") == "success"

    assert _qad_order(h, order_id)["status"] == "CANCELLED"
    record = _record(h, order_id)
    assert record.status == "done" and record.payload["status"] == "trash", record.last_error


def test_trashing_an_order_qad_already_shipped_is_quarantined_for_a_person(integration) -> None:
    h: Harness = integration(orders=60, skus=30)
    assert h.run("orders") == "success"
    order_id = _posted_order_without_refunds(h)
    order_number = _qad_order(h, order_id)["orderNumber"]
    h.qad.set_order_status(order_number, "SHIPPED")

    backdate_store_events(h)
    h.woo.orders.delete(order_id, force=False)
    assert h.run("orders") == "success"

    assert _qad_order(h, order_id)["status"] == "SHIPPED"
    record = _record(h, order_id)
    assert record.status == "quarantined"
    assert "'trash'" in record.last_error and order_number in record.last_error, record.last_error
