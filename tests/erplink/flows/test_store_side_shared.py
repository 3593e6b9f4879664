"""What every store side shares: the ledger keys of orders and refunds, their references, the (modified, id) marks
of an orders walk, the draining of webhook events, and the queueing of write-back markers for the orders that
reached the ERP."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from erplink.flows.inbox_drain import drain_pending_events
from erplink.flows.order_markers import ORDER_MARKER, queue_order_markers
from erplink.flows.order_walk import window_summary, with_marks
from erplink.flows.store_documents import LedgerStoreDocuments
from erplink.flows.store_records import ORDER, REFUND, order_key, refund_key
from erplink.ledger import InboxEvent, LedgerRecord
from erplink.windows import Window
from tests.erplink.systems.bigcommerce.flow import INTEGRATION, TENANT, flow_context

STAMP = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
SCAN_STREAM = "store.order_markers"


class ShopDocuments(LedgerStoreDocuments):
    reference_prefix = "SH"


def test_orders_and_refunds_are_kept_under_the_order_id_and_order_id_dash_refund_id():
    with flow_context(None) as fc:
        assert order_key(fc, "12") == (TENANT, INTEGRATION, ORDER, "12")
        assert refund_key(fc, 12, 3) == (TENANT, INTEGRATION, REFUND, "12-3")


def test_store_documents_give_references_under_the_stores_prefix_and_find_a_refunds_order():
    with flow_context(None) as fc:
        fc.ledger.upsert_source(refund_key(fc, 12, 3), payload={"_order": {"id": 12}}, source_modified=None, run_id="r")
        refund = fc.ledger.get(refund_key(fc, 12, 3))
        fc.ledger.upsert_source(order_key(fc, 12), payload={"id": 12}, source_modified=None, run_id="r")
        order = fc.ledger.get(order_key(fc, 12))
        assert refund is not None and order is not None
        documents = ShopDocuments(fc)
        store_key = fc.tenant.store.store_key
        assert documents.order_key(12) == order.key
        assert documents.order_reference(order) == f"SH-{store_key}-12"
        assert documents.refund_reference(refund) == f"SH-{store_key}-12-R3"
        assert documents.refund_order_id(refund) == 12


def test_a_walk_marks_only_the_orders_whose_stamp_and_id_can_be_read_and_passes_every_order_on():
    orders = [{"id": 1, "at": STAMP}, {"id": None, "at": STAMP}, {"id": 3, "at": None}]
    marks: list[tuple[datetime, str]] = []
    passed = list(with_marks(orders, marks, modified=lambda o: o["at"], mark_id=lambda o: o["id"]))
    assert passed == orders
    assert marks == [(STAMP, "1")]


def test_the_window_is_reported_with_iso_bounds_and_no_start_on_a_first_run():
    assert window_summary(Window(start=None, end=STAMP)) == {"start": None, "end": STAMP.isoformat()}


def done_order(fc: Any, order_id: int, target_id: str | None) -> LedgerRecord:
    key = order_key(fc, order_id)
    fc.ledger.upsert_source(key, payload={"id": order_id}, source_modified=None, run_id="run")
    [claimed] = fc.ledger.claim(*key[:3], limit=1, keys=[key.source_id], worker="w", ctx=fc.attempt)
    fc.ledger.mark_in_flight(key, target_ref=f"ref-{order_id}", ctx=fc.attempt)
    fc.ledger.mark_done(key, target_id=target_id or "", target_ref=f"ref-{order_id}", ctx=fc.attempt, action="created")
    return claimed


def test_every_order_that_reached_the_erp_gets_a_marker_and_the_scan_mark_moves_to_its_start_less_the_overlap():
    with flow_context(None) as fc:
        done_order(fc, 1, "SO-1")
        done_order(fc, 2, None)  # done without an ERP document: nothing to write back
        fc.ledger.upsert_source(order_key(fc, 3), payload={"id": 3}, source_modified=None, run_id="run")  # pending
        before = datetime.now(UTC)
        assert queue_order_markers(fc, scan_stream=SCAN_STREAM) == 1
        marker = fc.ledger.get(order_key(fc, 1)._replace(entity=ORDER_MARKER))
        assert marker is not None and marker.payload == {"erp_reference": "SO-1"}
        mark = fc.ledger.get_watermark(TENANT, INTEGRATION, SCAN_STREAM)
        assert mark is not None and mark.value <= before
        assert mark.value >= before - timedelta(minutes=2)


def put_event(fc: Any, system: str, resource_id: str) -> None:
    fc.ledger.inbox_put(
        system=system,
        tenant=TENANT,
        topic="order.updated",
        resource="order",
        resource_id=resource_id,
        modified=resource_id,
        payload=None,
        delivery_id=resource_id,
    )


def test_the_pending_events_of_one_store_system_are_handed_over_and_then_done():
    with flow_context(None) as fc:
        for order_id in ("1", "2"):
            put_event(fc, "shop", order_id)
        put_event(fc, "other", "3")
        handed: list[list[InboxEvent]] = []
        drain_pending_events(fc, system="shop", handle=handed.append)
        assert [[event.resource_id for event in events] for events in handed] == [["1", "2"]]
        assert fc.ledger.inbox_pending(system="shop", tenant=TENANT) == []
        assert [event.resource_id for event in fc.ledger.inbox_pending(system="other", tenant=TENANT)] == ["3"]


def test_events_whose_handling_failed_stay_pending_for_the_next_run():
    def fail(events: list[InboxEvent]) -> None:
        raise RuntimeError("store unreachable")

    with flow_context(None) as fc:
        put_event(fc, "shop", "1")
        with pytest.raises(RuntimeError):
            drain_pending_events(fc, system="shop", handle=fail)
        assert [event.resource_id for event in fc.ledger.inbox_pending(system="shop", tenant=TENANT)] == ["1"]
