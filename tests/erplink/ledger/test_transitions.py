"""Status transitions, their audit rows, ownership of claimed rows, requeue, and the query helpers."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from erplink.ledger import AttemptContext, ClaimLostError, Ledger, RecordNotFoundError, Status
from tests.erplink.ledger.helpers import FakeClock, key, seed

CTX = AttemptContext(run_id="manual__2026-03-01", task_id="load_orders", try_number=2, worker="qad_woo.load_orders[0]")


def _claim_all(ledger: Ledger, worker: str = CTX.worker) -> None:
    ledger.claim("shop1", "qad_woo", "order", limit=100, statuses=("pending", "failed"), worker=worker, ctx=CTX)


def test_every_transition_is_audited_with_the_task_try_that_made_it(ledger: Ledger) -> None:
    seed(ledger, 1)
    _claim_all(ledger)
    ledger.mark_in_flight(key(1), target_ref="WC-shop1-1", ctx=CTX)
    ledger.mark_done(key(1), target_id="SO-77", target_ref="WC-shop1-1", ctx=CTX, action="created")
    trail = ledger.audit(key(1))
    assert [(entry.action, entry.from_status, entry.to_status) for entry in trail] == [
        ("extracted", None, "pending"),
        ("claimed", "pending", "in_flight"),
        ("reference_committed", "in_flight", "in_flight"),
        ("created", "in_flight", "done"),
    ]
    last = trail[-1]
    assert (last.run_id, last.task_id, last.try_number, last.worker) == (CTX.run_id, CTX.task_id, 2, CTX.worker)
    assert (last.target_ref, last.target_id) == ("WC-shop1-1", "SO-77")
    record = ledger.get(key(1))
    assert (record.status, record.target_id, record.target_ref, record.lease_until) == ("done", "SO-77", "WC-shop1-1", None)


def test_a_quarantined_record_keeps_a_readable_reason_and_http_status(ledger: Ledger) -> None:
    seed(ledger, 1)
    _claim_all(ledger)
    reason = "order 1 (shop1/qad_woo): line 2 SKU 'ABC-9' is not a QAD item"
    ledger.quarantine(key(1), reason=reason, ctx=CTX, http_status=422)
    record = ledger.get(key(1))
    assert (record.status, record.last_error, record.last_http_status) == ("quarantined", reason, 422)
    assert (ledger.audit(key(1))[-1].error, ledger.audit(key(1))[-1].http_status) == (reason, 422)


def test_failed_and_skipped_keep_their_reason(ledger: Ledger) -> None:
    seed(ledger, 2)
    _claim_all(ledger)
    ledger.mark_failed(key(1), error="read timeout", ctx=CTX, http_status=None)
    ledger.mark_skipped(key(2), reason="order not paid yet", ctx=CTX)
    assert (ledger.get(key(1)).status, ledger.get(key(1)).last_error) == ("failed", "read timeout")
    assert (ledger.get(key(2)).status, ledger.get(key(2)).last_error) == ("skipped", "order not paid yet")


def test_a_worker_cannot_change_a_row_another_worker_has_claimed(ledger: Ledger, clock: FakeClock) -> None:
    seed(ledger, 1)
    _claim_all(ledger, worker="old")
    clock.advance(timedelta(hours=1))
    _claim_all(ledger, worker="new")  # the old worker's lease expired
    old = CTX._replace(worker="old")
    with pytest.raises(ClaimLostError):
        ledger.mark_in_flight(key(1), target_ref="R", ctx=old)
    with pytest.raises(ClaimLostError):
        ledger.mark_done(key(1), target_id="X", target_ref="R", ctx=old, action="created")
    assert ledger.get(key(1)).claimed_by == "new"


def test_transitions_on_an_unknown_record_raise(ledger: Ledger) -> None:
    with pytest.raises(RecordNotFoundError):
        ledger.mark_failed(key(404), error="x", ctx=CTX)


def test_requeue_by_keys_moves_only_those_rows_back_to_pending_with_a_fresh_budget(ledger: Ledger) -> None:
    seed(ledger, 3)
    _claim_all(ledger)
    for number in (1, 2, 3):
        ledger.quarantine(key(number), reason="bad", ctx=CTX)
    assert ledger.requeue(tenant="shop1", keys=[key(1), "3"]) == 2
    assert [ledger.get(key(number)).status for number in (1, 2, 3)] == ["pending", "quarantined", "pending"]
    record = ledger.get(key(1))
    assert (record.attempts, record.claimed_by) == (0, None)
    assert ledger.audit(key(1))[-1].action == "requeued"


def test_requeue_by_status_and_scope(ledger: Ledger) -> None:
    seed(ledger, 2)
    seed(ledger, 1, entity="refund")
    _claim_all(ledger)
    ledger.mark_failed(key(1), error="timeout", ctx=CTX)
    ledger.quarantine(key(2), reason="bad", ctx=CTX)
    assert ledger.requeue(tenant="shop1", integration="qad_woo", entity="order", statuses=("failed",)) == 1
    assert (ledger.get(key(1)).status, ledger.get(key(2)).status) == ("pending", "quarantined")
    assert ledger.requeue(tenant="other-shop") == 0
    assert ledger.get(key(1, entity="refund")).status == "pending", "other entities untouched"


def test_requeue_by_time_range_uses_when_the_row_reached_its_status(ledger: Ledger, clock: FakeClock) -> None:
    seed(ledger, 3)
    _claim_all(ledger)
    times: list[datetime] = []
    for number in (1, 2, 3):
        times.append(clock.advance(timedelta(hours=1)))
        ledger.mark_failed(key(number), error="timeout", ctx=CTX)
    # half-open [since, until): only the row failed at times[1]
    assert ledger.requeue(tenant="shop1", since=times[1], until=times[2]) == 1
    assert [ledger.get(key(number)).status for number in (1, 2, 3)] == ["failed", "pending", "failed"]


def test_records_filters_and_counts(ledger: Ledger) -> None:
    seed(ledger, 3)
    seed(ledger, 2, entity="customer")
    ledger.claim("shop1", "qad_woo", "order", limit=1, worker="w")
    assert [record.key.source_id for record in ledger.records(tenant="shop1", entity="order", statuses=("pending",))] == ["2", "3"]
    assert len(list(ledger.records(tenant="shop1", limit=4))) == 4
    assert [record.key for record in ledger.records(keys=[key(2, entity="customer")])] == [key(2, entity="customer")]
    assert ledger.counts("shop1", "qad_woo") == {"order": {"in_flight": 1, "pending": 2}, "customer": {"pending": 2}}


def test_timestamps_are_timezone_aware_utc_and_naive_ones_are_refused(ledger: Ledger) -> None:
    plus_two = timezone(timedelta(hours=2))
    modified = datetime(2026, 3, 1, 14, 0, tzinfo=plus_two)
    ledger.upsert_source(key(1), payload={}, source_modified=modified, run_id=None)
    record = ledger.get(key(1))
    assert record.source_modified == modified and record.source_modified.tzinfo == timezone.utc
    assert record.created_at.tzinfo == timezone.utc
    with pytest.raises(Exception, match="naive datetime"):
        ledger.upsert_source(key(2), payload={}, source_modified=datetime(2026, 3, 1), run_id=None)
