"""The write-back adds the ERP reference to the order's comments only when the newest marker comment does not name it
already, so a repeated write, or one resumed after a lost answer, adds nothing; the extract reads it back."""

from __future__ import annotations

from datetime import timedelta

from erplink.ledger import RecordKey
from erplink.systems.adobe_commerce.extract import extract_orders, marker_of
from erplink.systems.adobe_commerce.writeback import ORDER_MARKER, OrderMarkerTarget
from erplink.windows import Window
from tests.erplink.systems.adobe_commerce.fake_store import NOW, FakeAdobeCommerce, make_order
from tests.erplink.systems.adobe_commerce.flow import INTEGRATION, TENANT, flow_context, ledger_payloads


def marker_record(fc, order_id: int, value: str):
    key = RecordKey(TENANT, INTEGRATION, ORDER_MARKER, str(order_id))
    fc.ledger.upsert_source(key, payload={"erp_reference": value}, source_modified=None, run_id="run")
    return fc.ledger.get(key)


def posts(store: FakeAdobeCommerce) -> int:
    return sum(1 for s in store.api.seen if s.method == "POST")


def test_a_missing_marker_is_added_as_a_private_comment_and_writing_it_again_adds_nothing(monkeypatch):
    store = FakeAdobeCommerce([make_order(100, NOW - timedelta(minutes=5))])
    with flow_context(store.hook(monkeypatch)) as fc:
        target = OrderMarkerTarget(fc)
        record = marker_record(fc, 100, "SO-1")
        [first] = target.write_many([(record, target.reference(record))])
        [again] = target.write_many([(record, target.reference(record))])
    assert first == again == "1"
    assert posts(store) == 1
    [comment] = store.orders[100]["status_histories"]
    assert comment["comment"] == "ERP reference: SO-1"
    assert (comment["is_customer_notified"], comment["is_visible_on_front"]) == (0, 0)


def test_a_changed_reference_is_added_and_becomes_the_marker_the_extract_reads(monkeypatch):
    store = FakeAdobeCommerce([make_order(100, NOW - timedelta(minutes=5))])
    with flow_context(store.hook(monkeypatch)) as fc:
        target = OrderMarkerTarget(fc)
        target.write(100, "SO-1")
        target.write(100, "SO-2")
        extract_orders(fc, Window(None, NOW))
        stored = ledger_payloads(fc, "order")["100"]
    assert posts(store) == 2
    assert marker_of(stored) == "SO-2"


def test_a_write_whose_answer_was_lost_is_found_and_not_added_again(monkeypatch):
    store = FakeAdobeCommerce([make_order(100, NOW - timedelta(minutes=5))])
    with flow_context(store.hook(monkeypatch)) as fc:
        store.orders[100]["status_histories"] = [
            {"entity_id": 41, "comment": "ERP reference: SO-9", "is_customer_notified": 0, "is_visible_on_front": 0}
        ]  # the first attempt's comment, whose answer never came back
        assert OrderMarkerTarget(fc).write(100, "SO-9") == "41"
    assert posts(store) == 0
