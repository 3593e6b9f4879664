"""Orders announced by webhooks are read from the store and stored; every drained event is marked done."""

from __future__ import annotations

from datetime import timedelta

from erplink.systems.bigcommerce.extract import SYSTEM, ExtractSummary, drain_inbox
from erplink.systems.bigcommerce.order_steps import orders_extract
from erplink.windows import Window
from tests.erplink.systems.bigcommerce.fake_store import NOW, FakeBigCommerce, make_order
from tests.erplink.systems.bigcommerce.flow import TENANT, flow_context, ledger_payloads


def announce(fc, topic: str, resource: str, resource_id: str, event_hash: str) -> None:
    fc.ledger.inbox_put(system=SYSTEM, tenant=TENANT, topic=topic, resource=resource, resource_id=resource_id,
                        modified=event_hash, payload={"hash": event_hash}, delivery_id=event_hash)  # fmt: skip


def test_announced_orders_are_read_and_stored_and_every_event_is_done(monkeypatch):
    store = FakeBigCommerce([make_order(100, NOW - timedelta(minutes=5))])
    with flow_context(store.hook(monkeypatch)) as fc:
        announce(fc, "store/order/updated", "order", "100", "h1")
        announce(fc, "store/order/deleted", "order", "404", "h2")  # gone from the store by the time it is read
        announce(fc, "store/product/updated", "product", "7", "h3")
        summary = ExtractSummary()
        drain_inbox(fc, summary)
        assert set(ledger_payloads(fc, "order")) == {"100"}
        assert fc.ledger.inbox_pending(system=SYSTEM, tenant=TENANT) == []
    assert summary.inbox_events == 3 and summary.orders_new == 1


def test_the_extract_step_reads_the_window_and_keeps_the_new_watermark_on_the_orders_stream(monkeypatch):
    store = FakeBigCommerce([make_order(100, NOW - timedelta(minutes=5))])
    with flow_context(store.hook(monkeypatch)) as fc:
        result = orders_extract(lambda *a, **k: {})(fc, Window(None, NOW), None)
        mark = fc.ledger.get_watermark(TENANT, fc.integration, "bigcommerce.orders")
    assert result["orders_new"] == 1
    assert mark is not None and mark.value == NOW - timedelta(minutes=5)
