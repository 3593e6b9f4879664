"""A run started for chosen orders (the orders DAG's ``order_ids``) loads only their records: each load step gets the
source ids of those orders and of their refunds and payments, the refunds and payments that waited for their order
are released only for them, and the write-back queues and writes only their markers. Any other run, and a dry run,
loads every pending record of the tenant as before. On SQLite and PostgreSQL."""

from __future__ import annotations

import logging
import sys
import types
from datetime import timedelta
from typing import Any

import pytest

from erplink.config.tenants import load_tenants
from erplink.dagfactory import runtime
from erplink.dagfactory.common import run_load_step
from erplink.flows.chosen_orders import chosen_order_keys
from erplink.flows.context import FlowContext
from erplink.flows.order_markers import ORDER_MARKER, queue_order_markers
from erplink.flows.steps import release_waiting_refunds
from erplink.flows.store_documents import LedgerStoreDocuments
from erplink.flows.store_records import ORDER, PAYMENT, REFUND
from erplink.integrations.qad_woocommerce.flows import write_back
from erplink.ledger import AttemptContext, Ledger, RecordKey
from tests.erplink.ledger.fixtures import clock, ledger  # noqa: F401  (fixtures)
from tests.erplink.ledger.helpers import FakeClock

TENANT = load_tenants().get("demo")
SCAN_STREAM = "shop.order_markers"
WAITING = "waits for its order"
STEPS_MODULE = "chosen_orders_test_steps"


class ShopDocuments(LedgerStoreDocuments):
    reference_prefix = "SH"


class Store:
    """Takes every order marker it is sent and remembers which orders it got."""

    def __init__(self) -> None:
        self.written: list[int] = []

    def set_orders_meta(self, key: str, values: dict[int, str]) -> dict[int, None]:
        self.written.extend(values)
        return {order_id: None for order_id in values}


def _fc(ledger: Ledger, *, dry_run: bool = False, store: Store | None = None) -> FlowContext:  # noqa: F811
    return FlowContext(
        tenant=TENANT,
        ledger=ledger,
        attempt=AttemptContext(run_id="run", task_id="load", try_number=1, worker="load-worker"),
        dry_run=dry_run,
        store_hook=store,
        log=logging.getLogger("erplink.test_chosen_orders"),
    )


def _key(entity: str, source_id: str) -> RecordKey:
    return RecordKey(TENANT.name, TENANT.integration, entity, source_id)


def _put(fc: FlowContext, entity: str, source_id: str, payload: dict[str, Any] | None = None) -> RecordKey:
    key = _key(entity, source_id)
    fc.ledger.upsert_source(key, payload=payload or {"id": source_id}, source_modified=None, run_id="extract")
    return key


def _done(fc: FlowContext, entity: str, source_id: str, target_id: str) -> RecordKey:
    key = _put(fc, entity, source_id)
    fc.ledger.claim(*key[:3], limit=1, keys=[source_id], worker=fc.attempt.worker or "", ctx=fc.attempt)
    fc.ledger.mark_in_flight(key, target_ref=f"ref-{source_id}", ctx=fc.attempt)
    fc.ledger.mark_done(key, target_id=target_id, target_ref=f"ref-{source_id}", ctx=fc.attempt, action="created")
    return key


def _statuses(fc: FlowContext, entity: str) -> dict[str, str]:
    records = fc.ledger.records(tenant=TENANT.name, integration=TENANT.integration, entity=entity)
    return {record.key.source_id: record.status.value for record in records}


def test_the_keys_of_chosen_orders_are_their_ids_and_the_ids_of_their_refunds_and_payments(ledger: Ledger) -> None:  # noqa: F811
    fc = _fc(ledger)
    for order_id in ("1", "11", "2"):
        _put(fc, ORDER, order_id)
    for source_id in ("1-5", "11-6", "2-1", "21-1"):
        _put(fc, REFUND, source_id)
    _put(fc, PAYMENT, "1-7")
    _put(fc, PAYMENT, "2-8")

    assert chosen_order_keys(fc, [1, "11"]) == ["1", "11", "1-5", "1-7", "11-6"]
    assert chosen_order_keys(fc, ["3"]) == ["3"]  # an order the ledger does not hold yet has no refunds


@pytest.fixture
def recorded_steps(monkeypatch: pytest.MonkeyPatch, ledger: Ledger) -> tuple[list[dict[str, Any]], dict[str, Any]]:  # noqa: F811
    """A flows module whose load steps record the keyword arguments they are called with, and the flow context
    ``run_load_step`` hands them (its ``dry_run`` set by the test)."""
    calls: list[dict[str, Any]] = []

    def step(fc: FlowContext, **kwargs: Any) -> dict[str, Any]:
        calls.append(kwargs)
        return {}

    module = types.ModuleType(STEPS_MODULE)
    module.load_orders = module.load_payments = module.write_back = step  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, STEPS_MODULE, module)
    options: dict[str, Any] = {"dry_run": False}
    monkeypatch.setattr(runtime, "flow_context", lambda *_: _fc(ledger, dry_run=options["dry_run"]))
    _put(_fc(ledger), REFUND, "5-1")
    _put(_fc(ledger), REFUND, "6-1")
    return calls, options


@pytest.mark.parametrize("step", ["load_orders", "load_payments", "write_back"])
def test_each_load_step_of_a_run_for_chosen_orders_gets_only_their_keys(recorded_steps: Any, step: str) -> None:
    calls, _ = recorded_steps
    run_load_step(TENANT.name, f"{STEPS_MODULE}:{step}", {"params": {"order_ids": [5, 7]}})
    assert calls == [{"keys": ["5", "7", "5-1"]}]


def test_a_regular_run_and_a_dry_run_for_chosen_orders_load_as_before(recorded_steps: Any) -> None:
    calls, options = recorded_steps
    run_load_step(TENANT.name, f"{STEPS_MODULE}:load_orders", {"params": {"order_ids": []}})
    run_load_step(TENANT.name, f"{STEPS_MODULE}:load_orders", {"params": {}})
    options["dry_run"] = True
    run_load_step(TENANT.name, f"{STEPS_MODULE}:load_orders", {"params": {"order_ids": [5], "dry_run": True}})
    assert calls == [{}, {}, {}]


def test_only_the_chosen_orders_waiting_refunds_are_released(ledger: Ledger) -> None:  # noqa: F811
    fc = _fc(ledger)
    for order_id in ("1", "2"):
        _done(fc, ORDER, order_id, f"SO-{order_id}")
        refund = _put(fc, REFUND, f"{order_id}-9", {"_order": {"id": int(order_id)}})
        fc.ledger.claim(*refund[:3], limit=1, keys=[refund.source_id], worker=fc.attempt.worker or "", ctx=fc.attempt)
        fc.ledger.mark_skipped(refund, reason=f"{refund}: {WAITING} in the ERP", ctx=fc.attempt)

    released = release_waiting_refunds(fc, ShopDocuments(fc), entity=REFUND, waiting=WAITING, keys=["1", "1-9"])

    assert released == 1
    assert _statuses(fc, REFUND) == {"1-9": "pending", "2-9": "skipped"}


def test_a_marker_scan_of_chosen_orders_queues_only_theirs_and_leaves_the_full_scan_its_mark(
    ledger: Ledger,  # noqa: F811
    clock: FakeClock,  # noqa: F811
) -> None:
    fc = _fc(ledger)
    _done(fc, ORDER, "1", "SO-1")  # finished before the last full scan
    fc.ledger.set_watermark(TENANT.name, TENANT.integration, SCAN_STREAM, clock.advance(timedelta(minutes=30)))
    mark = fc.ledger.get_watermark(TENANT.name, TENANT.integration, SCAN_STREAM)
    clock.advance(timedelta(minutes=30))
    _done(fc, ORDER, "2", "SO-2")
    _done(fc, ORDER, "3", "SO-3")

    assert queue_order_markers(fc, scan_stream=SCAN_STREAM, keys=["1", "2", "2-4"]) == 2

    assert set(_statuses(fc, ORDER_MARKER)) == {"1", "2"}
    assert fc.ledger.get_watermark(TENANT.name, TENANT.integration, SCAN_STREAM) == mark
    assert queue_order_markers(fc, scan_stream=SCAN_STREAM) == 2  # the next full scan still finds 2 and 3
    assert set(_statuses(fc, ORDER_MARKER)) == {"1", "2", "3"}


def test_the_write_back_of_chosen_orders_writes_only_their_markers_and_its_log_says_so(
    ledger: Ledger,  # noqa: F811
    caplog: pytest.LogCaptureFixture,
) -> None:
    store = Store()
    fc = _fc(ledger, store=store)
    for order_id in ("1", "2", "3"):
        _done(fc, ORDER, order_id, f"SO-{order_id}")

    with caplog.at_level(logging.INFO, logger=fc.log.name):
        result = write_back(fc, keys=["1", "3", "3-1"])

    assert result["queued"] == 2 and sorted(store.written) == [1, 3]
    pickups = [record.getMessage() for record in caplog.records if " picks up " in record.getMessage()]
    assert pickups[0] == (
        "order_marker load picks up 2 record(s) of tenant demo "
        "(the pending and failed order_marker records among those asked for): pending 2"
    )
    assert _statuses(fc, ORDER_MARKER) == {"1": "done", "3": "done"}
    write_back(fc)  # the next regular run writes the rest
    assert sorted(store.written) == [1, 2, 3]
    caplog.clear()
    with caplog.at_level(logging.INFO, logger=fc.log.name):
        write_back(fc, keys=["2"])
    assert "order_marker load picks up nothing: no order_marker record asked for is pending or failed" in [
        record.getMessage() for record in caplog.records
    ]
