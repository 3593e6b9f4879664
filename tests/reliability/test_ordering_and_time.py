"""Webhooks that repeat or arrive out of order, clocks that disagree, and a store that changes while it is read.

Each test ends with the same promise as the rest of the matrix: every sale order in QAD exactly once (or
quarantined with a reason), every marker written."""

from __future__ import annotations

import json
import math
import time
from datetime import UTC, datetime, timedelta

import erplink.integrations.qad_woocommerce.flows as flow
from erplink.systems.woocommerce.extract import ExtractSummary, drain_inbox, order_key
from erplink.systems.woocommerce.writeback import ORDER_MARKER
from erplink.ledger import RecordKey

from tests.reliability.support import ORDERS, assert_exactly_once, extract, flow_context, recover, sync


def _posted_order(h, status: str = "processing", *, besides: tuple[int, ...] = ()) -> int:
    """A store order in ``status`` that the first sync posted to QAD (other than ``besides``)."""
    done = {int(r.key.source_id) for r in h.records("order", ("done",))} - set(besides)
    with h.woo.docs.lock:
        return next(o["id"] for o in h.woo.docs.orders.values() if o["status"] == status and o["id"] in done)


def _webhook_body(h, order_id: int) -> dict:
    return json.loads(h.woo.orders.json(order_id))


def _deliver(fc, order: dict, delivery: str) -> bool:
    return fc.ledger.inbox_put(system="woocommerce", tenant="demo", topic="order.updated", resource="order",
                               resource_id=str(order["id"]), modified=order["date_modified_gmt"], payload=order,
                               delivery_id=delivery)


def test_duplicate_and_out_of_order_webhooks_never_roll_an_order_back(integration) -> None:
    h = integration(orders=ORDERS, skus=60)
    sync(flow_context(h))
    order_id = _posted_order(h)
    older = _webhook_body(h, order_id)
    h.woo.docs.clock = lambda: time.time() + 5  # stamps are whole seconds: the change must get a later one
    h.woo.update_order(order_id, {"status": "completed", "customer_note": "leave at the back door"})
    newer = _webhook_body(h, order_id)
    assert newer["date_modified_gmt"] > older["date_modified_gmt"]

    fc = flow_context(h, run_id="webhooks")
    assert _deliver(fc, newer, "d-2") is True
    assert _deliver(fc, newer, "d-2-retry") is False  # the same change again: stored once
    assert _deliver(fc, older, "d-1") is True  # older change, arriving last
    drain_inbox(fc, ExtractSummary())
    stored = fc.ledger.get(order_key(fc, order_id))
    assert stored.payload["status"] == "completed"
    assert stored.payload["customer_note"] == "leave at the back door"

    recover(h)
    assert_exactly_once(h)
    qad = next(d for d in h.qad.documents("sales-orders") if d["externalRef"] == f"WC-demo-{order_id}")
    assert qad["status"] == "OPEN"  # a completed order is still a sale: updated in place, not duplicated


def test_a_store_clock_behind_by_less_than_the_overlap_loses_no_change(integration) -> None:
    """The store stamps a change five minutes before the last watermark: the ten-minute overlap re-reads it."""
    h = integration(orders=ORDERS, skus=60)
    sync(flow_context(h))
    first = _posted_order(h)
    h.woo.update_order(first, {"customer_note": "moves the watermark to now"})
    sync(flow_context(h, run_id="second"), now=datetime.now(UTC) + timedelta(minutes=3))
    h.woo.docs.clock = lambda: time.time() - 300
    skewed = _posted_order(h, besides=(first,))
    h.woo.update_order(skewed, {"customer_note": "stamped five minutes in the past"})
    fc = flow_context(h, run_id="third")
    watermark = fc.ledger.get_watermark("demo", "qad_woocommerce", "woocommerce.orders").value
    stamp = datetime.fromisoformat(_webhook_body(h, skewed)["date_modified_gmt"]).replace(tzinfo=UTC)
    assert stamp < watermark  # the change looks older than what the last run already read
    sync(fc, now=datetime.now(UTC) + timedelta(minutes=4))
    assert fc.ledger.get(order_key(fc, skewed)).payload["customer_note"] == "stamped five minutes in the past"
    assert_exactly_once(h)


def test_a_store_clock_ahead_delays_a_change_but_never_drops_it(integration) -> None:
    """Changes stamped in erplink's future stay outside the window until erplink's clock gets there."""
    h = integration(orders=ORDERS, skus=60)
    sync(flow_context(h))
    h.woo.docs.clock = lambda: time.time() + 1800
    ahead = _posted_order(h)
    h.woo.update_order(ahead, {"customer_note": "stamped half an hour ahead"})
    sync(flow_context(h, run_id="now"))
    fc = flow_context(h)
    assert fc.ledger.get(order_key(fc, ahead)).payload["customer_note"] != "stamped half an hour ahead"
    later = datetime.now(UTC) + timedelta(minutes=35)  # past the stamp, plus the window's lag behind now
    sync(flow_context(h, run_id="later"), now=later)
    assert fc.ledger.get(order_key(fc, ahead)).payload["customer_note"] == "stamped half an hour ahead"
    recover(h)
    assert_exactly_once(h)


def test_orders_changed_while_the_store_is_paged_are_all_synced(integration) -> None:
    """Once the second page is read, the five lowest-id sale orders (read on the first page) change status, which
    takes them out of the window and moves every later order back in the id-ordered list. The run skips none of the
    untouched orders; the next run reads the moved ones."""
    h = integration(orders=ORDERS, skus=60)
    fc = flow_context(h)
    client = fc.store.client
    original = client.request
    moved: list[int] = []

    def request(method, path, **kwargs):
        response = original(method, path, **kwargs)
        if method == "GET" and path == "orders" and (kwargs.get("params") or {}).get("offset", 0) > 0 and not moved:
            with h.woo.docs.lock:
                oldest = sorted((o for o in h.woo.docs.orders.values() if o["status"] == "processing"),
                                key=lambda o: o["id"])[:5]
            for order in oldest:
                h.woo.update_order(order["id"], {"status": "completed"})
                moved.append(order["id"])
        return response

    client.request = request
    sync(fc)
    assert len(moved) == 5
    seen = {int(r.key.source_id) for r in h.records("order")}
    with h.woo.docs.lock:
        untouched = {o["id"] for o in h.woo.docs.orders.values()
                     if o["status"] != "trash" and o["id"] not in moved}
    assert untouched <= seen, f"orders skipped while paging: {sorted(untouched - seen)[:10]}"
    recover(h)
    assert_exactly_once(h)
    fc = flow_context(h)
    assert all(fc.ledger.get(order_key(fc, order_id)).payload["status"] == "completed" for order_id in moved)


def test_an_order_deleted_from_the_store_before_its_write_back_is_quarantined_alone(integration) -> None:
    """The write-back goes 100 orders to a request; the store refuses the one it no longer has, and only that one."""
    h = integration(orders=ORDERS, skus=60)
    fc = flow_context(h)
    extract(fc)
    flow.load_orders(fc)
    gone = _posted_order(h)
    h.woo.orders.delete(gone, force=True)
    result = flow.write_back(fc)
    assert result["quarantined"] == 1 and result["failed"] == 0
    assert result["created"] == len(h.records("order", ("done",))) - 1
    marker = fc.ledger.get(RecordKey("demo", "qad_woocommerce", ORDER_MARKER, str(gone)))
    assert marker.status == "quarantined"
    assert f"order_marker {gone} " in marker.last_error and "woocommerce_rest_shop_order_invalid_id" in marker.last_error
    batches = fc.store.client.counter.count("woocommerce", "POST orders/batch")
    assert batches == math.ceil((result["created"] + 1) / 100)
    assert fc.store.client.counter.count("woocommerce", "PUT orders/{id}") == 0
