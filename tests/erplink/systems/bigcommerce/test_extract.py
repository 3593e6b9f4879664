"""The orders extract stores each order with its products, shipping addresses, coupons and refunds, reads an
unchanged order's parts no second time, and moves the watermark only over what it read."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from erplink.ledger.payloads import UNHASHED
from erplink.systems.bigcommerce.extract import extract_orders, marker_of, order_key
from erplink.windows import Watermark, Window
from tests.erplink.systems.bigcommerce.fake_store import NOW, FakeBigCommerce, make_order, rfc2822
from tests.erplink.systems.bigcommerce.flow import flow_context, ledger_payloads
from tests.erplink.systems.bigcommerce.test_order_walk import tied_orders

WINDOW = Window(None, NOW + timedelta(minutes=1))
REFUND = {
    "id": 5,
    "order_id": 100,
    "created": "2026-01-15T11:00:00+00:00",
    "reason": "broken",
    "total_amount": 4.5,
    "items": [{"item_type": "PRODUCT", "item_id": 1000, "quantity": 1, "requested_amount": 4.5}],
}


def part_requests(store: FakeBigCommerce) -> int:
    return sum(1 for s in store.api.seen if s.path.endswith(("/products", "/shipping_addresses", "/coupons")))


def test_an_order_is_stored_with_its_parts_refunds_and_marker_and_without_its_stamp(monkeypatch):
    store = FakeBigCommerce([make_order(100, NOW - timedelta(minutes=5)), make_order(101, NOW - timedelta(minutes=4))])
    store.refunds[100] = [REFUND]
    store.metafields[101] = [{"id": 9, "namespace": "erplink", "key": "erp_reference", "value": "SO-77"}]
    with flow_context(store.hook(monkeypatch)) as fc:
        summary = extract_orders(fc, WINDOW)
        orders = ledger_payloads(fc, "order")
        refunds = ledger_payloads(fc, "refund")
        stamp = fc.ledger.get(order_key(fc, 100)).source_modified
    assert summary.orders_new == 2 and summary.refunds_new == 1
    assert set(orders) == {"100", "101"}
    assert orders["100"]["products"][0]["sku"] == "SKU-7"
    assert orders["100"]["shipping_addresses"] == [] and orders["100"]["coupons"] == []
    assert orders["100"]["refunds"] == [
        {"id": 5, "total_amount": 4.5, "reason": "broken", "created": "2026-01-15T11:00:00+00:00"}
    ]
    assert "date_modified" not in orders["100"]
    assert stamp == NOW - timedelta(minutes=5)
    assert marker_of(orders["101"]) == "SO-77" and UNHASHED not in orders["100"]
    assert refunds["100-5"]["_order"] == {"id": 100, "currency": "USD"}
    assert summary.watermark == Watermark(NOW - timedelta(minutes=4), frozenset({"101"})).to_dict()


def test_an_unchanged_order_costs_no_second_read_of_its_parts(monkeypatch):
    store = FakeBigCommerce([make_order(100, NOW - timedelta(minutes=5)), make_order(101, NOW - timedelta(minutes=4))])
    with flow_context(store.hook(monkeypatch)) as fc:
        extract_orders(fc, WINDOW)
        first = part_requests(store)
        summary = extract_orders(fc, WINDOW)
        assert part_requests(store) == first
        assert summary.orders_unchanged == 2 and summary.orders_new == summary.orders_changed == 0

        store.orders[100] = {**store.orders[100], "date_modified": rfc2822(NOW - timedelta(minutes=1)), "status_id": 5}
        summary = extract_orders(fc, WINDOW)
        assert summary.orders_changed == 1 and summary.orders_unchanged == 1
        assert ledger_payloads(fc, "order")["100"]["status_id"] == 5


@pytest.mark.parametrize("empty_as_204", [True, False])
def test_an_empty_window_stores_nothing_and_keeps_the_watermark(monkeypatch, empty_as_204):
    store = FakeBigCommerce([], empty_as_204=empty_as_204)
    previous = Watermark(NOW - timedelta(hours=1), frozenset({"7"}))
    with flow_context(store.hook(monkeypatch)) as fc:
        summary = extract_orders(fc, WINDOW, previous=previous)
        assert ledger_payloads(fc, "order") == {}
    assert summary.orders_read == 0 and summary.watermark == previous.to_dict()


def test_an_order_with_an_unreadable_stamp_is_stored_for_the_mapping_to_quarantine(monkeypatch):
    store = FakeBigCommerce([make_order(100, NOW - timedelta(minutes=5))])
    with flow_context(store.hook(monkeypatch)) as fc:
        store.orders[100]["date_modified"] = "yesterday"
        summary = extract_orders(fc, None, order_ids=[100])
        assert "100" in ledger_payloads(fc, "order")
    assert summary.orders_new == 1 and summary.watermark is None


def test_orders_named_by_id_skip_ids_the_store_does_not_know(monkeypatch):
    store = FakeBigCommerce([make_order(100, NOW - timedelta(minutes=5))])
    with flow_context(store.hook(monkeypatch)) as fc:
        summary = extract_orders(fc, None, order_ids=[100, 404])
        assert set(ledger_payloads(fc, "order")) == {"100"}
    assert summary.orders_read == 1


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), count=st.integers(0, 250), seconds=st.integers(1, 4), churn=st.integers(0, 3))
def test_the_extract_stores_every_order_that_stayed_and_reads_none_twice(seed, count, seconds, churn):
    store = FakeBigCommerce(tied_orders(count, seconds, seed), seed=seed, churn=churn)
    before = set(store.orders)
    with pytest.MonkeyPatch.context() as monkeypatch, flow_context(store.hook(monkeypatch)) as fc:
        # Many pages from a few hundred orders.
        monkeypatch.setattr(type(fc.store), "iter_orders", _with_small_pages(type(fc.store).iter_orders))
        summary = extract_orders(fc, WINDOW)
        stored = {int(order_id) for order_id in ledger_payloads(fc, "order")}
    assert before - store.touched <= stored
    assert summary.orders_read == len(stored), "an order was read twice"


def _with_small_pages(iter_orders):
    def smaller(self, window=None, **kwargs):
        return iter_orders(self, window, **{**kwargs, "limit": 20})

    return smaller
