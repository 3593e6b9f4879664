"""A replay takes its records straight into its own hands and gives back, unchanged, the ones its load never reached."""

from __future__ import annotations

from datetime import timedelta

from erplink.ledger import AttemptContext, Ledger, RecordKey
from tests.erplink.ledger.helpers import FakeClock, key, seed

LOADER = AttemptContext(run_id="scheduled", task_id="load_orders", worker="shop1.load_orders")
REPLAY = AttemptContext(task_id="replay", worker="shop1.replay")


def _quarantined(ledger: Ledger, count: int) -> list[RecordKey]:
    keys = seed(ledger, count)
    ledger.claim("shop1", "qad_woo", "order", limit=count, worker=LOADER.worker, ctx=LOADER)
    for record_key in keys:
        ledger.quarantine(record_key, reason=f"{record_key}: SKU 'X-1' is not a QAD item", ctx=LOADER, http_status=422)
    return keys


def _take(ledger: Ledger, keys: list[RecordKey]) -> list:
    return ledger.take_for_replay(tenant="shop1", integration="qad_woo", entity="order", worker=REPLAY.worker,
                                  keys=keys, statuses=("quarantined",), ctx=REPLAY)


def test_the_requeue_hands_each_record_to_the_replay_in_one_step_never_leaving_it_pending(ledger: Ledger) -> None:
    keys = _quarantined(ledger, 2)

    holds = _take(ledger, keys)

    assert [(hold.key, hold.status, hold.attempts) for hold in holds] == [(k, "quarantined", 1) for k in keys]
    for record_key in keys:
        record = ledger.get(record_key)
        assert (record.status, record.claimed_by, record.attempts) == ("in_flight", REPLAY.worker, 0)
        assert record.lease_until is not None
        last = ledger.audit(record_key)[-1]
        assert (last.action, last.from_status, last.to_status) == ("requeued", "quarantined", "in_flight")
    # Another worker's regular load leaves them alone while the replay holds them...
    assert ledger.claim("shop1", "qad_woo", "order", limit=10, worker="other.load_orders") == []
    # ...and the replay's own load takes them back.
    taken = ledger.claim("shop1", "qad_woo", "order", limit=10, worker=REPLAY.worker, keys=keys, ctx=REPLAY)
    assert [record.key for record in taken] == keys


def test_records_given_back_are_exactly_as_before_with_the_reason_in_their_audit(ledger: Ledger, clock: FakeClock) -> None:
    [record_key] = _quarantined(ledger, 1)
    before = ledger.get(record_key)
    holds = _take(ledger, [record_key])
    clock.advance(timedelta(minutes=1))

    assert ledger.give_back(holds, worker=REPLAY.worker, reason="replay stopped: connection refused", ctx=REPLAY) == 1

    after = ledger.get(record_key)
    fields = ("status", "attempts", "claimed_by", "lease_until", "last_error", "last_http_status", "updated_at")
    assert {f: getattr(after, f) for f in fields} == {f: getattr(before, f) for f in fields}
    last = ledger.audit(record_key)[-1]
    assert (last.action, last.from_status, last.to_status, last.error) == (
        "replay_failed", "in_flight", "quarantined", "replay stopped: connection refused")


def test_records_the_load_already_claimed_are_not_given_back(ledger: Ledger) -> None:
    first, second = _quarantined(ledger, 2)
    holds = _take(ledger, [first, second])
    ledger.claim("shop1", "qad_woo", "order", limit=1, worker=REPLAY.worker, keys=[first], ctx=REPLAY)

    assert ledger.give_back(holds, worker=REPLAY.worker, reason="replay stopped", ctx=REPLAY) == 1

    assert (ledger.get(first).status, ledger.get(first).attempts) == ("in_flight", 1)
    assert ledger.get(second).status == "quarantined"


def test_a_record_whose_source_changed_while_held_is_given_back_as_pending(ledger: Ledger) -> None:
    [record_key] = _quarantined(ledger, 1)
    holds = _take(ledger, [record_key])
    ledger.upsert_source(record_key, payload={"id": 1, "total": "12.00"}, source_modified=None, run_id="extract")

    ledger.give_back(holds, worker=REPLAY.worker, reason="replay stopped", ctx=REPLAY)

    assert (ledger.get(record_key).status, ledger.get(record_key).claimed_by) == ("pending", None)


def test_a_noted_failure_is_written_to_the_audit_and_changes_no_record(ledger: Ledger) -> None:
    keys = _quarantined(ledger, 2)
    before = [ledger.get(record_key) for record_key in keys]

    noted = ledger.note_failure(keys, action="replay_failed", error="replay not started: no connection", ctx=REPLAY)

    assert noted == 2
    assert [ledger.get(record_key) for record_key in keys] == before
    for record_key in keys:
        last = ledger.audit(record_key)[-1]
        assert (last.action, last.from_status, last.to_status, last.error, last.worker) == (
            "replay_failed", "quarantined", "quarantined", "replay not started: no connection", REPLAY.worker)
