"""A worker killed anywhere in the orders extract loses no refund: the run that follows stores every one of them.

The extract stores all orders first and their refunds last, but which refunds it reads follows the ledger (a refund
the order names and the ledger lacks), not whether the order changed: the extract is killed right after each of its
ledger writes in turn, run again over the same window, and must leave the refunds a whole run leaves.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from erplink.flows.context import FlowContext
from erplink.systems.woocommerce.extract import REFUND
from erplink.windows import Window
from tests.erplink.systems.woocommerce.unkind_store import (
    INTEGRATION,
    NOW,
    TENANT,
    Shop,
    ledger_context,
    run_extract,
    tied_world,
)

WINDOW = Window(None, NOW + timedelta(minutes=1))


class WorkerKilled(Exception):
    """The worker died right after a ledger write had committed."""


def shop_with_refunds() -> Shop:
    return Shop(tied_world(seed=3, orders=10, seconds=3), tie_seed=3)


def stored_refunds(fc: FlowContext) -> set[str]:
    return {r.key.source_id for r in fc.ledger.records(tenant=TENANT, integration=INTEGRATION, entity=REFUND)}


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


def a_whole_run() -> tuple[int, set[str]]:
    """How many ledger writes a run that is not killed makes, and the refunds it leaves."""
    with pytest.MonkeyPatch.context() as monkeypatch, ledger_context(shop_with_refunds().hook(monkeypatch)) as fc:
        summary = run_extract(fc, WINDOW)
        return summary.orders_new + summary.refunds_new, stored_refunds(fc)


WRITES, REFUNDS = a_whole_run()


def test_a_whole_run_stores_refunds():
    assert REFUNDS, "the store has no refund: the kills below would prove nothing"


@pytest.mark.parametrize("fatal", range(1, WRITES + 1))
def test_a_run_killed_after_any_ledger_write_leaves_the_next_run_every_refund(monkeypatch, fatal):
    with ledger_context(shop_with_refunds().hook(monkeypatch)) as fc:
        with monkeypatch.context() as dying:
            kill_after_write(dying, fc, fatal)
            with pytest.raises(WorkerKilled):
                run_extract(fc, WINDOW)
        run_extract(fc, WINDOW)  # the retry: the killed run moved no watermark
        assert stored_refunds(fc) == REFUNDS, "a refund never reached the ledger"
