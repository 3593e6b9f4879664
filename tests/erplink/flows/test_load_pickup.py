"""A cleared (or retried) load task takes every pending and failed record of the tenant, whichever run queued
it, and its log names each of them with the status it had."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from erplink.config.tenants import load_tenants
from erplink.flows.context import FlowContext
from erplink.integrations.qad_woocommerce.flows import write_back
from erplink.systems.woocommerce.writeback import ORDER_MARKER
from erplink.ledger import AttemptContext, Ledger, RecordKey

TENANT = load_tenants().get("demo")
WORKER = f"{TENANT.dag_prefix}__orders.write_back"


class Store:
    """Takes every order marker it is sent and remembers which orders it got."""

    def __init__(self) -> None:
        self.written: list[int] = []

    def set_orders_meta(self, key: str, values: dict[int, str]) -> dict[int, None]:
        self.written.extend(values)
        return {order_id: None for order_id in values}


def _key(source_id: str) -> RecordKey:
    return RecordKey(TENANT.name, TENANT.integration, ORDER_MARKER, source_id)


def _queued(ledger: Ledger, source_id: str, run_id: str) -> RecordKey:
    key = _key(source_id)
    ledger.upsert_source(key, payload={"erp_reference": f"SO-{source_id}"}, source_modified=None, run_id=run_id)
    return key


def _claimed(ledger: Ledger, source_id: str, run_id: str, worker: str) -> AttemptContext:
    ctx = AttemptContext(run_id=run_id, task_id="write_back", try_number=1, worker=worker)
    ledger.claim(TENANT.name, TENANT.integration, ORDER_MARKER, limit=1, keys=[source_id], worker=worker, ctx=ctx)
    return ctx


def _ledger_left_by_earlier_runs(path: Path) -> Ledger:
    ledger = Ledger(f"sqlite:///{path / 'ledger.db'}")
    ledger.migrate()
    failed = _queued(ledger, "1001", "run-1")  # failed in an earlier run
    ledger.mark_failed(failed, error="POST orders/batch: 503", ctx=_claimed(ledger, "1001", "run-1", WORKER))
    _queued(ledger, "1002", "run-2")  # queued by another run, never loaded
    done = _queued(ledger, "1003", "run-1")
    ctx = _claimed(ledger, "1003", "run-1", WORKER)
    ledger.mark_done(done, target_id="1003", target_ref="ref", ctx=ctx, action="created")
    _queued(ledger, "1004", "run-2")
    _claimed(ledger, "1004", "run-2", "another-worker")  # held by a live worker: not ours to take
    _queued(ledger, "1005", "run-3")
    _claimed(ledger, "1005", "run-3", WORKER)  # left in flight by this task's killed try
    return ledger


def test_a_cleared_load_task_logs_each_record_it_picks_up_with_the_status_it_had(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    ledger = _ledger_left_by_earlier_runs(tmp_path)
    store = Store()
    fc = FlowContext(tenant=TENANT, ledger=ledger, store_hook=store,  # type: ignore[arg-type]
                     attempt=AttemptContext(run_id="run-3", task_id="write_back", try_number=2, worker=WORKER),
                     log=logging.getLogger("erplink.test_pickup"))

    with caplog.at_level(logging.INFO, logger="erplink.test_pickup"):
        result = write_back(fc)

    lines = [r.getMessage() for r in caplog.records if "picks up" in r.getMessage()]
    assert lines[0].startswith("order_marker load picks up 3 record(s) of tenant demo")
    assert "whichever run queued it" in lines[0]
    assert "order_marker load picks up 1 order_marker record(s) that were failed: 1001" in lines
    assert "order_marker load picks up 1 order_marker record(s) that were pending: 1002" in lines
    assert any(line.endswith("that were in flight (left by an earlier try, or its lease ran out): 1005")
               for line in lines)
    assert not any("1003" in line or "1004" in line for line in lines)
    assert result["picked_up"] == {"failed": 1, "pending": 1, "in_flight": 1}
    assert sorted(store.written) == [1001, 1002, 1005]  # what the log named is what was loaded
