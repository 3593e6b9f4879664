"""A worker killed anywhere in the orders extract loses no refund and no payment: the next run stores all of them.

An order the ledger holds at its ``date_modified`` is not read again until it changes, so nothing of an order may be
stored after the order's own row: the extract is killed right after each of its ledger writes in turn, then run
again, and every refund and payment of the window's orders must be in the ledger.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from erplink.flows.context import FlowContext
from erplink.systems.bigcommerce.extract import PAYMENT, REFUND, extract_orders
from erplink.windows import Window
from tests.erplink.systems.bigcommerce.fake_store import NOW, FakeBigCommerce, make_order
from tests.erplink.systems.bigcommerce.flow import flow_context, ledger_payloads
from tests.erplink.systems.bigcommerce.test_extract_payments import transaction

WINDOW = Window(None, NOW + timedelta(minutes=1))
ORDER_IDS = (100, 101)


class WorkerKilled(Exception):
    """The worker died right after a ledger write had committed."""


def refund(refund_id: int, order_id: int) -> dict[str, Any]:
    items = [{"item_type": "ORDER", "item_id": order_id, "requested_amount": 1.5}]
    return {"id": refund_id, "order_id": order_id, "created": "2026-01-15T11:00:00+00:00", "reason": "broken",
            "total_amount": 1.5, "items": items}  # fmt: skip


def store_with_money() -> FakeBigCommerce:
    """Two orders, each with two refunds and a purchase."""
    store = FakeBigCommerce([make_order(order_id, NOW - timedelta(minutes=order_id - 90)) for order_id in ORDER_IDS])
    for order_id in ORDER_IDS:
        store.refunds[order_id] = [refund(order_id * 10, order_id), refund(order_id * 10 + 1, order_id)]
        store.transactions[order_id] = [transaction(order_id * 10, order_id, "purchase")]
    return store


def kill_after_write(monkeypatch: pytest.MonkeyPatch, fc: FlowContext, fatal: int) -> None:
    """The ledger's ``fatal``-th write (counting from 1) commits, then the worker dies."""
    upsert, writes = fc.ledger.upsert_source, [0]

    def upsert_then_die(*args: Any, **kwargs: Any) -> Any:
        result = upsert(*args, **kwargs)
        writes[0] += 1
        if writes[0] == fatal:
            raise WorkerKilled
        return result

    monkeypatch.setattr(fc.ledger, "upsert_source", upsert_then_die)


def writes_of_a_whole_run() -> int:
    with pytest.MonkeyPatch.context() as monkeypatch:
        store = store_with_money()
        with flow_context(store.hook(monkeypatch)) as fc:
            summary = extract_orders(fc, WINDOW)
    return summary.orders_new + summary.refunds_new + summary.payments_new


@pytest.mark.parametrize("fatal", range(1, writes_of_a_whole_run() + 1))
def test_a_run_killed_after_any_ledger_write_leaves_the_next_run_every_refund_and_payment(monkeypatch, fatal):
    store = store_with_money()
    with flow_context(store.hook(monkeypatch)) as fc:
        with monkeypatch.context() as dying:
            kill_after_write(dying, fc, fatal)
            with pytest.raises(WorkerKilled):
                extract_orders(fc, WINDOW)
        extract_orders(fc, WINDOW)  # the retry
        refunds, payments = set(ledger_payloads(fc, REFUND)), set(ledger_payloads(fc, PAYMENT))
    assert refunds == {f"{o}-{r['id']}" for o in ORDER_IDS for r in store.refunds[o]}, (
        "a refund never reached the ledger"
    )
    assert payments == {f"{o}-{o * 10}" for o in ORDER_IDS}, "a payment never reached the ledger"
