"""The orders extract stores each order's payments (its successful purchases and captures) as ledger records of
their own: read with the order when it is new or changed and never for an unchanged or incomplete order, a capture
taken later arriving with the order's next change, and a malformed transaction failing alone."""

from __future__ import annotations

import random
from collections import Counter
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from erplink.mappings.errors import MappingError
from erplink.systems.bigcommerce.documents import BigCommerceDocuments
from erplink.systems.bigcommerce.extract import PAYMENT, extract_orders, payment_key
from erplink.systems.bigcommerce.mappings.payments import EVENTS
from erplink.windows import Window
from tests.erplink.systems.bigcommerce.fake_store import NOW, FakeBigCommerce, make_order, rfc2822
from tests.erplink.systems.bigcommerce.flow import flow_context, ledger_payloads
from tests.erplink.systems.bigcommerce.sandbox_store import Clock, hook_on, sandbox
from tests.erplink.systems.bigcommerce.test_order_walk import tied_orders

WINDOW = Window(None, NOW + timedelta(minutes=1))
MONEY_EVENTS = ("purchase", "capture")


def transaction(txn_id: int, order_id: int, event: str, status: str = "ok", **changes: Any) -> dict[str, Any]:
    return {
        "id": txn_id,
        "order_id": str(order_id),
        "event": event,
        "method": "credit_card",
        "amount": 10.0,
        "currency": "USD",
        "gateway": "stripe",
        "date_created": "2026-01-15T11:00:00+00:00",
        "status": status,
        **changes,
    }


def transaction_requests(store: FakeBigCommerce) -> Counter[int]:
    return Counter(int(s.path.split("/")[-2]) for s in store.api.seen if s.path.endswith("/transactions"))


def test_only_successful_purchases_and_captures_are_stored_and_a_test_mode_one_is_flagged(monkeypatch):
    store = FakeBigCommerce([make_order(100, NOW - timedelta(minutes=5))])
    store.transactions[100] = [
        transaction(1, 100, "authorization"),
        transaction(2, 100, "capture", reference_transaction_id=1),
        transaction(3, 100, "purchase", "error"),
        transaction(4, 100, "refund", amount=4.5),
        transaction(5, 100, "pending"),
        transaction(6, 100, "purchase", test=True, amount=2.5),
    ]
    with flow_context(store.hook(monkeypatch)) as fc:
        summary = extract_orders(fc, WINDOW)
        documents = BigCommerceDocuments(fc)
        payments = {key: documents.payment(fc.ledger.get(payment_key(fc, 100, key))) for key in (2, 6)}
        assert documents.payment_order_id(fc.ledger.get(payment_key(fc, 100, 6))) == 100
        stored = set(ledger_payloads(fc, PAYMENT))
    assert stored == {"100-2", "100-6"}
    assert summary.payments_new == 2 and summary.payments_changed == 0
    assert (payments[2].amount, payments[2].test, payments[2].order_source_id) == (Decimal("10.0"), False, 100)
    assert (payments[6].amount, payments[6].test) == (Decimal("2.5"), True)  # the integration decides about it


def test_authorization_only_and_voided_orders_have_no_payment(monkeypatch):
    store = FakeBigCommerce([make_order(100, NOW - timedelta(minutes=5)), make_order(101, NOW - timedelta(minutes=4))])
    store.transactions[100] = [transaction(1, 100, "authorization")]
    store.transactions[101] = [transaction(2, 101, "authorization"), transaction(3, 101, "void", reference=2)]
    with flow_context(store.hook(monkeypatch)) as fc:
        summary = extract_orders(fc, WINDOW)
        assert ledger_payloads(fc, PAYMENT) == {}
    assert summary.orders_new == 2 and summary.payments_new == 0
    assert transaction_requests(store) == {100: 1, 101: 1}


def test_an_unchanged_order_costs_no_transactions_request_and_a_changed_one_one(monkeypatch):
    store = FakeBigCommerce([make_order(100, NOW - timedelta(minutes=5)), make_order(101, NOW - timedelta(minutes=4))])
    store.transactions[100] = [transaction(1, 100, "purchase")]
    with flow_context(store.hook(monkeypatch)) as fc:
        extract_orders(fc, WINDOW)
        summary = extract_orders(fc, WINDOW)
        assert summary.orders_unchanged == 2 and summary.payments_new == 0
        assert transaction_requests(store) == {100: 1, 101: 1}

        store.orders[101] = {**store.orders[101], "date_modified": rfc2822(NOW - timedelta(minutes=1))}
        extract_orders(fc, WINDOW)
    assert transaction_requests(store) == {100: 1, 101: 2}


def test_an_incomplete_order_costs_no_transactions_request(monkeypatch):
    store = FakeBigCommerce([{**make_order(100, NOW - timedelta(minutes=5)), "status_id": 0, "status": "Incomplete"}])
    store.transactions[100] = [transaction(1, 100, "purchase")]
    with flow_context(store.hook(monkeypatch)) as fc:
        summary = extract_orders(fc, WINDOW)
        assert ledger_payloads(fc, PAYMENT) == {}
    assert summary.orders_new == 1 and transaction_requests(store) == {}


def test_a_malformed_transaction_fails_alone_and_one_without_an_id_is_not_tracked(monkeypatch, caplog):
    store = FakeBigCommerce([make_order(100, NOW - timedelta(minutes=5))])
    store.transactions[100] = [
        transaction(1, 100, "capture"),
        transaction(2, 100, "capture", amount="lots"),
        transaction(None, 100, "purchase"),  # type: ignore[arg-type]
    ]
    with flow_context(store.hook(monkeypatch)) as fc:
        summary = extract_orders(fc, WINDOW)
        documents = BigCommerceDocuments(fc)
        good = documents.payment(fc.ledger.get(payment_key(fc, 100, 1)))
        with pytest.raises(MappingError, match="bigcommerce payment 2 of order 100: amount: 'lots'"):
            documents.payment(fc.ledger.get(payment_key(fc, 100, 2)))
        order = documents.order(fc.ledger.get(documents.order_key(100)))
    assert summary.payments_new == 2 and good.source_id == 1 and order.source_id == 100
    assert "transaction of order 100 without a usable id (None)" in caplog.text


def test_a_capture_taken_after_the_order_was_read_arrives_on_the_next_run():
    clock = Clock()
    box = sandbox(clock, quota_per_window=100_000)
    records = box.state.records
    order_id = next(
        order.order_id
        for order in records.orders.values()
        if order.document["status_id"] == 7
        and [t["event"] for t in records.transactions.get(order.order_id, [])] == ["authorization"]
    )
    with flow_context(hook_on(box)) as fc:
        extract_orders(fc, Window(None, clock.now + timedelta(hours=1)))
        assert not any(key.startswith(f"{order_id}-") for key in ledger_payloads(fc, PAYMENT))
        box.state.log.clear()
        clock.advance(600)
        box.state.capture_order(order_id)
        summary = extract_orders(fc, Window(None, clock.now + timedelta(hours=1)))
        capture_id = records.transactions[order_id][-1]["id"]
        payment = BigCommerceDocuments(fc).payment(fc.ledger.get(payment_key(fc, order_id, capture_id)))
    transaction_paths = [e["path"] for e in box.state.log.entries() if e["path"].endswith("/transactions")]
    assert summary.payments_new == 1 and summary.orders_changed == 1
    assert transaction_paths == [f"/stores/{box.state.options.store_hash}/v3/orders/{order_id}/transactions"]
    assert payment.amount == Decimal(records.orders[order_id].document["total_inc_tax"])


def random_transactions(rng: random.Random, order_id: int, next_id: Any) -> list[dict[str, Any]]:
    return [
        transaction(
            next_id(), order_id, rng.choice(sorted(EVENTS)), rng.choice(["ok", "ok", "error"]), test=rng.random() < 0.2
        )
        for _ in range(rng.randrange(5))
    ]


def money_taken(store: FakeBigCommerce, order_ids: set[int]) -> set[str]:
    return {
        f"{order_id}-{t['id']}"
        for order_id in order_ids
        for t in store.transactions.get(order_id, [])
        if t["event"] in MONEY_EVENTS and t["status"] == "ok"
    }


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), count=st.integers(0, 120), seconds=st.integers(1, 4), churn=st.integers(0, 3))
def test_every_successful_purchase_and_capture_of_every_order_in_the_window_is_stored_exactly_once(
    seed, count, seconds, churn
):
    rng = random.Random(seed)
    ids = iter(range(1, 10**6)).__next__
    orders = tied_orders(count, seconds, seed)
    for order in orders:
        if rng.random() < 0.1:
            order.update(status_id=0, status="Incomplete")
    store = FakeBigCommerce(orders, seed=seed, churn=churn)
    for order in orders:
        store.transactions[order["id"]] = random_transactions(rng, order["id"], ids)
    payable = {order["id"] for order in orders if order["status_id"] != 0}
    with pytest.MonkeyPatch.context() as monkeypatch, flow_context(store.hook(monkeypatch)) as fc:
        first = extract_orders(fc, WINDOW)
        # Payments taken later: each capture changes its order, which moves within the window.
        present = sorted(payable & set(store.orders))
        captured = set(rng.sample(present, k=len(present) // 3))
        for order_id in captured:
            store.transactions[order_id].append(transaction(ids(), order_id, "capture"))
            store.orders[order_id] = {**store.orders[order_id], "date_modified": rfc2822(NOW)}
        second = extract_orders(fc, WINDOW)
        stored = set(ledger_payloads(fc, PAYMENT))
    stayed = payable - store.touched
    assert money_taken(store, stayed) <= stored, "a payment of an order in the window never reached the ledger"
    assert stored <= money_taken(store, payable | store.touched), "something other than money taken was stored"
    assert first.payments_new + second.payments_new == len(stored), "a payment was stored twice"
    assert first.payments_changed == second.payments_changed == 0
    assert max(transaction_requests(store).values(), default=0) <= 2, "an order's transactions were read twice a run"
