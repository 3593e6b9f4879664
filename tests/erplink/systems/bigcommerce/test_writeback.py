"""The write-back finds the order's marker metafield before it creates one, so a repeated write changes nothing."""

from __future__ import annotations

import re
from datetime import timedelta

from erplink.http.errors import ApiError
from erplink.ledger import RecordKey
from erplink.systems.bigcommerce.writeback import ORDER_MARKER, OrderMarkerTarget
from tests.erplink.systems.bigcommerce.fake_store import NOW, FakeBigCommerce, make_order
from tests.erplink.systems.bigcommerce.flow import INTEGRATION, TENANT, bigcommerce_tenant, flow_context


def marker_record(fc, order_id: int, value: str):
    key = RecordKey(TENANT, INTEGRATION, ORDER_MARKER, str(order_id))
    fc.ledger.upsert_source(key, payload={"erp_reference": value}, source_modified=None, run_id="run")
    return fc.ledger.get(key)


def writes(store: FakeBigCommerce) -> list[str]:
    return [s.method for s in store.api.seen if s.method in ("POST", "PUT")]


def test_a_missing_marker_is_created_and_writing_it_again_sends_nothing(monkeypatch):
    store = FakeBigCommerce([make_order(100, NOW - timedelta(minutes=5))])
    with flow_context(store.hook(monkeypatch)) as fc:
        target = OrderMarkerTarget(fc)
        record = marker_record(fc, 100, "SO-1")
        [first] = target.write_many([(record, target.reference(record))])
        [again] = target.write_many([(record, target.reference(record))])
    assert first == again
    assert writes(store) == ["POST"]
    assert store.metafields[100] == [
        {
            "permission_set": "read",
            "namespace": "erplink",
            "key": "erp_reference",
            "value": "SO-1",
            "id": int(first),
            "resource_id": 100,
        }
    ]


def test_a_marker_naming_another_document_is_updated_in_place(monkeypatch):
    store = FakeBigCommerce([make_order(100, NOW - timedelta(minutes=5))])
    store.metafields[100] = [{"id": 9, "namespace": "erplink", "key": "erp_reference", "value": "SO-OLD"}]
    with flow_context(store.hook(monkeypatch)) as fc:
        target = OrderMarkerTarget(fc)
        record = marker_record(fc, 100, "SO-2")
        assert target.write_many([(record, target.reference(record))]) == ["9"]
    assert writes(store) == ["PUT"] and store.metafields[100][0]["value"] == "SO-2"


def test_a_marker_created_by_another_writer_between_look_up_and_create_is_updated(monkeypatch):
    store = FakeBigCommerce([make_order(100, NOW - timedelta(minutes=5))])
    answer_from_store = store._metafields

    def empty_the_first_time(seen):
        # Answers the look-up as the store stood, then another writer's metafield lands before our create.
        store.api.routes = [r for r in store.api.routes if r[2] is not empty_the_first_time]
        answer = answer_from_store(seen)
        store.metafields[100] = [{"id": 9, "namespace": "erplink", "key": "erp_reference", "value": "SO-OTHER"}]
        return answer

    store.api.routes.insert(0, ("GET", re.compile(r"/stores/abc123/v3/orders/100/metafields$"), empty_the_first_time))
    with flow_context(store.hook(monkeypatch)) as fc:
        target = OrderMarkerTarget(fc)
        record = marker_record(fc, 100, "SO-3")
        assert target.write_many([(record, target.reference(record))]) == ["9"]
    assert writes(store) == ["POST", "PUT"] and store.metafields[100][0]["value"] == "SO-3"


def test_a_refused_write_is_that_records_error_and_the_others_go_on(monkeypatch):
    store = FakeBigCommerce([make_order(100, NOW - timedelta(minutes=5))])
    with flow_context(store.hook(monkeypatch), bigcommerce_tenant(reference_namespace="ops")) as fc:
        target = OrderMarkerTarget(fc)
        gone, kept = marker_record(fc, 404, "SO-4"), marker_record(fc, 100, "SO-5")
        store.api.route("GET", r"/stores/abc123/v3/orders/404/metafields", (404, {"status": 404, "title": "gone"}))
        store.api.routes.insert(0, store.api.routes.pop())
        outcome = target.write_many([(gone, target.reference(gone)), (kept, target.reference(kept))])
    assert isinstance(outcome[0], ApiError) and outcome[1] == str(store.metafields[100][0]["id"])
    assert store.metafields[100][0]["namespace"] == "ops"
    assert target.reference(kept) == "ops/erp_reference=SO-5"
