"""The payload a target last received: kept aside while the source's changes wait, so the load can tell what changed."""

from __future__ import annotations

from datetime import timedelta

from erplink.ledger import AttemptContext, Ledger, Status
from tests.erplink.ledger.helpers import T0, key

CTX = AttemptContext(run_id="load-1", task_id="load", try_number=1, worker="dag.load[0]")


def _claim(ledger: Ledger):
    [claimed] = ledger.claim("shop1", "qad_woo", "order", limit=1, worker=CTX.worker, ctx=CTX)
    ledger.mark_in_flight(claimed.key, target_ref="REF", ctx=CTX)
    return claimed


def _finish(ledger: Ledger, claimed, action: str = "created") -> Status:
    return ledger.mark_done(claimed.key, target_id="SO-1", target_ref="REF", ctx=CTX, action=action,
                            payload_hash=claimed.payload_hash, applied_payload=claimed.payload)


def _change(ledger: Ledger, total: str, minutes: int) -> None:
    ledger.upsert_source(key(1), payload={"total": total}, source_modified=T0 + timedelta(minutes=minutes), run_id="x")


def test_a_record_never_loaded_has_nothing_at_its_target(ledger: Ledger) -> None:
    _change(ledger, "5", 0)
    assert ledger.get(key(1)).payload_at_target is None


def test_the_payload_the_target_holds_is_kept_through_every_change_until_the_next_load(ledger: Ledger) -> None:
    _change(ledger, "5", 0)
    _finish(ledger, _claim(ledger))
    assert ledger.get(key(1)).applied_payload is None, "nothing kept while the target holds the stored payload"

    _change(ledger, "6", 1)
    _change(ledger, "7", 2)
    record = ledger.get(key(1))
    assert (record.payload, record.payload_at_target) == ({"total": "7"}, {"total": "5"})

    assert _finish(ledger, _claim(ledger), action="updated") == Status.DONE
    record = ledger.get(key(1))
    assert (record.applied_payload, record.payload_at_target) == (None, {"total": "7"})


def test_a_refused_change_keeps_what_the_target_holds(ledger: Ledger) -> None:
    _change(ledger, "5", 0)
    _finish(ledger, _claim(ledger))
    _change(ledger, "6", 1)
    claimed = _claim(ledger)
    ledger.quarantine(claimed.key, reason="QAD refused", ctx=CTX)
    _change(ledger, "7", 2)
    assert ledger.get(key(1)).payload_at_target == {"total": "5"}


def test_a_change_during_a_create_leaves_the_created_payload_as_what_the_target_holds(ledger: Ledger) -> None:
    _change(ledger, "5", 0)
    claimed = _claim(ledger)
    _change(ledger, "6", 1)
    assert _finish(ledger, claimed) == Status.PENDING
    record = ledger.get(key(1))
    assert (record.payload, record.payload_at_target) == ({"total": "6"}, {"total": "5"})


def test_a_change_during_an_update_leaves_the_updated_payload_as_what_the_target_holds(ledger: Ledger) -> None:
    _change(ledger, "5", 0)
    _finish(ledger, _claim(ledger))
    _change(ledger, "6", 1)
    claimed = _claim(ledger)
    _change(ledger, "7", 2)
    assert _finish(ledger, claimed, action="updated") == Status.PENDING
    record = ledger.get(key(1))
    assert (record.payload, record.payload_at_target) == ({"total": "7"}, {"total": "6"})
