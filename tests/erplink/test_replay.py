"""A replay that cannot run leaves each record where it was, with the failure in its audit trail; one that runs hands
the records straight to its own load, so none waits in the queue with nobody working on it."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from erplink.config.tenants import load_tenants
from erplink.flows.context import FlowContext
from erplink.systems.qad.hooks.qad import QadHook
from erplink.http.errors import TransientApiError
from erplink.http.retry import RetryPolicy
from erplink.ledger import AttemptContext, Ledger, RecordKey
from erplink.replay import ReplayNotRunError, replay

REPLAY = AttemptContext(task_id="replay", worker="erplink__qad_woocommerce__demo.replay")
LOADER = AttemptContext(task_id="load_orders", worker="erplink__qad_woocommerce__demo__orders.load_orders")
ORDER = RecordKey("demo", "qad_woocommerce", "order", "688")


class AnsweringErp:
    """A QAD hook whose Test connection succeeds; the load itself is replaced in the tests that use it."""

    conn_id = "erplink_qad_demo"
    system = "qad"

    def test_connection(self) -> tuple[bool, str]:
        return True, "QAD tenant authenticated"


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[Ledger]:
    instance = Ledger(f"sqlite:///{tmp_path / 'ledger.db'}")
    instance.migrate()
    instance.upsert_source(ORDER, payload={"id": 688, "line_items": []}, source_modified=None, run_id="scheduled")
    instance.claim("demo", "qad_woocommerce", "order", limit=1, worker=LOADER.worker, ctx=LOADER)
    instance.quarantine(ORDER, reason="order 688: SKU 'X-1' is not a QAD item", ctx=LOADER, http_status=422)
    yield instance
    instance.dispose()


def _context(ledger: Ledger, erp: Any) -> FlowContext:
    return FlowContext(tenant=load_tenants().get("demo"), ledger=ledger, attempt=REPLAY, erp_hook=erp)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_replay_that_cannot_reach_qad_changes_no_record_and_the_next_replay_matches_it_again(
        ledger: Ledger, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AIRFLOW_CONN_ERPLINK_QAD_DEMO", json.dumps({
        "conn_type": "qad", "host": f"http://127.0.0.1:{_closed_port()}", "login": "erp", "password": "p4ss",
        "extra": {"client_id": "afb97fd221925b87f01489aeb0e02e81", "workspace": "10USA_10USACO"}}))
    before = ledger.get(ORDER)
    unreachable = QadHook(qad_conn_id="erplink_qad_demo", retry=RetryPolicy(max_attempts=1))

    with pytest.raises(ReplayNotRunError, match="erplink_qad_demo") as refused:
        replay(_context(ledger, unreachable), entity="order", source_ids=["688"])

    assert "left as they were" in str(refused.value)
    assert ledger.get(ORDER) == before
    last = ledger.audit(ORDER)[-1]
    assert (last.action, last.from_status, last.to_status) == ("replay_failed", "quarantined", "quarantined")
    assert "erplink_qad_demo" in last.error and "refused" in last.error.lower() and "p4ss" not in last.error
    again = FlowContext(tenant=load_tenants().get("demo"), ledger=ledger, attempt=REPLAY, dry_run=True)
    assert replay(again, entity="order")["records"] == ["688"]


def test_a_load_that_stops_before_reaching_the_records_gives_each_back_as_it_was(
        ledger: Ledger, monkeypatch: pytest.MonkeyPatch) -> None:
    before = ledger.get(ORDER)

    def qad_goes_away(_fc: FlowContext, **_kwargs: Any) -> dict[str, Any]:
        raise TransientApiError(system="qad", method="GET", url="http://qad.example/items", reason="connection refused")

    monkeypatch.setattr("erplink.integrations.qad_woocommerce.flows.load_orders", qad_goes_away)

    with pytest.raises(ReplayNotRunError, match="connection refused"):
        replay(_context(ledger, AnsweringErp()), entity="order", source_ids=["688"])

    after = ledger.get(ORDER)
    assert (after.status, after.attempts, after.claimed_by, after.last_error, after.updated_at) == (
        before.status, before.attempts, before.claimed_by, before.last_error, before.updated_at)
    last = ledger.audit(ORDER)[-1]
    assert (last.action, last.to_status) == ("replay_failed", "quarantined")
    assert "connection refused" in last.error


def test_the_load_finds_the_records_already_held_by_the_replay_never_waiting_in_the_queue(
        ledger: Ledger, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[str, str | None]] = []

    def load_orders(fc: FlowContext, *, keys: list[str]) -> dict[str, Any]:
        seen.extend((fc.ledger.get(ORDER).status.value, fc.ledger.get(ORDER).claimed_by) for _ in keys)
        return {"created": 0, "failed": 0, "quarantined": 0}

    monkeypatch.setattr("erplink.integrations.qad_woocommerce.flows.load_orders", load_orders)

    result = replay(_context(ledger, AnsweringErp()), entity="order", source_ids=["688"])

    assert (result["matched"], result["requeued"]) == (1, 1)
    assert seen == [("in_flight", REPLAY.worker)]
    trail = ledger.audit(ORDER)
    since_quarantine = trail[[entry.action for entry in trail].index("quarantined") + 1:]
    assert [(entry.action, entry.to_status) for entry in since_quarantine] == [("requeued", "in_flight")]
