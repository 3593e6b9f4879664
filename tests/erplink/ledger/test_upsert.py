"""upsert_source: new, unchanged, changed, stale and in-flight records; no secret is ever stored."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from erplink.ledger import AttemptContext, Ledger, Status, UpsertOutcome
from erplink.ledger.schema import records
from tests.erplink.ledger.helpers import T0, key

CTX = AttemptContext(run_id="load-1", task_id="load", try_number=1, worker="dag.load[0]")


def _load(ledger: Ledger, record_key, *, target_id: str = "SO-1") -> None:
    ledger.claim(record_key.tenant, record_key.integration, record_key.entity, limit=1, keys=[record_key], worker=CTX.worker, ctx=CTX)
    ledger.mark_in_flight(record_key, target_ref="REF", ctx=CTX)
    ledger.mark_done(record_key, target_id=target_id, target_ref="REF", ctx=CTX, action="created")


def test_a_new_record_is_pending_with_an_extracted_audit_row(ledger: Ledger) -> None:
    result = ledger.upsert_source(key(1), payload={"id": 1}, source_modified=T0, run_id="r1")
    assert (result.outcome, result.status, result.needs_load) == (UpsertOutcome.INSERTED, Status.PENDING, True)
    record = ledger.get(key(1))
    assert record is not None and record.status == "pending" and record.payload == {"id": 1}
    assert record.source_modified == T0 and record.run_id == "r1"
    assert [(entry.action, entry.to_status) for entry in ledger.audit(key(1))] == [("extracted", "pending")]


def test_an_unchanged_payload_is_a_no_op_that_keeps_the_status(ledger: Ledger) -> None:
    ledger.upsert_source(key(1), payload={"id": 1, "total": "5"}, source_modified=T0, run_id="r1")
    _load(ledger, key(1))
    result = ledger.upsert_source(key(1), payload={"total": "5", "id": 1}, source_modified=T0, run_id="r2")
    assert (result.outcome, result.status, result.needs_load) == (UpsertOutcome.UNCHANGED, Status.DONE, False)
    assert ledger.get(key(1)).status == "done"
    assert ledger.audit(key(1))[-1].action == "created", "no audit row for a no-op"


def test_a_changed_payload_on_a_done_record_goes_back_to_pending_keeping_its_target(ledger: Ledger) -> None:
    ledger.upsert_source(key(1), payload={"id": 1, "total": "5"}, source_modified=T0, run_id="r1")
    _load(ledger, key(1), target_id="SO-9")
    later = T0 + timedelta(minutes=5)
    result = ledger.upsert_source(key(1), payload={"id": 1, "total": "7"}, source_modified=later, run_id="r2")
    assert (result.outcome, result.status) == (UpsertOutcome.CHANGED, Status.PENDING)
    record = ledger.get(key(1))
    assert (record.status, record.target_id, record.attempts, record.claimed_by) == ("pending", "SO-9", 0, None)
    assert record.payload["total"] == "7" and record.source_modified == later
    assert ledger.audit(key(1))[-1].action == "source_changed"


def test_an_older_version_arriving_late_is_ignored(ledger: Ledger) -> None:
    ledger.upsert_source(key(1), payload={"total": "7"}, source_modified=T0, run_id="r1")
    result = ledger.upsert_source(key(1), payload={"total": "5"}, source_modified=T0 - timedelta(hours=1), run_id="r2")
    assert result.outcome == UpsertOutcome.STALE
    assert ledger.get(key(1)).payload == {"total": "7"}


def test_a_change_while_in_flight_keeps_the_row_in_flight_and_reopens_it_when_the_worker_finishes(ledger: Ledger) -> None:
    ledger.upsert_source(key(1), payload={"total": "5"}, source_modified=T0, run_id="r1")
    [claimed] = ledger.claim("shop1", "qad_woo", "order", limit=1, worker=CTX.worker, ctx=CTX)
    changed = ledger.upsert_source(key(1), payload={"total": "6"}, source_modified=T0 + timedelta(minutes=1), run_id="r2")
    assert changed.status == Status.IN_FLIGHT
    status = ledger.mark_done(key(1), target_id="SO-1", target_ref="REF", ctx=CTX, action="created", payload_hash=claimed.payload_hash)
    assert status == Status.PENDING, "the worker applied the old payload: the new one is an update still to apply"
    record = ledger.get(key(1))
    assert (record.status, record.target_id, record.payload) == ("pending", "SO-1", {"total": "6"})


def test_no_secret_reaches_the_stored_payload(ledger: Ledger) -> None:
    payload = {
        "id": 1,
        "consumer_secret": "cs_live_SECRET1",
        "customer": {"password": "SECRET2", "email": "c@example.com"},
        "headers": {"Authorization": "Bearer SECRET3"},
        "meta_data": [{"key": "_api_token", "value": "SECRET4"}],
    }
    ledger.upsert_source(key(1), payload=payload, source_modified=None, run_id=None)
    with ledger.engine.connect() as conn:
        stored_text = conn.scalar(sa.select(sa.cast(records.c.payload, sa.Text)))
    assert "SECRET" not in stored_text
    assert "c@example.com" in stored_text
