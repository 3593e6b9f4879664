"""Crash injection at each step of the protocol: a re-run leaves exactly one target document per reference."""

from __future__ import annotations

from datetime import timedelta

import pytest

from erplink.ledger import DEFAULT_LEASE, AttemptContext, Ledger
from erplink.load import LoadProtocol
from tests.erplink.ledger.helpers import FakeClock, key, seed
from tests.erplink.load.fakes import FakeAdapter, FakeTarget, SimulatedCrash, fail_always, fail_once

WORKER = "qad_woo.load_orders[0]"
CRASH_REF = "WC-shop1-2"


def _protocol(ledger: Ledger, adapter: FakeAdapter, *, try_number: int, worker: str = WORKER, **kwargs) -> LoadProtocol:
    ctx = AttemptContext(run_id="scheduled__2026-03-01", task_id="load_orders", try_number=try_number, worker=worker)
    return LoadProtocol(ledger, adapter, tenant="shop1", integration="qad_woo", entity="order", ctx=ctx, max_workers=2, **kwargs)


@pytest.mark.parametrize(
    ("crash_point", "recovered_by"),
    [
        pytest.param("find", "created", id="after-in-flight-commit-before-find"),
        pytest.param("create", "created", id="after-find-before-create"),
        pytest.param("created", "linked", id="after-remote-create-before-mark-done"),
    ],
)
def test_a_rerun_after_a_crash_yields_one_document_per_reference_and_a_full_audit_trail(
    ledger: Ledger, crash_point: str, recovered_by: str
) -> None:
    seed(ledger, 3)
    target = FakeTarget()
    crashing = FakeAdapter(target, faults=[fail_once(crash_point, CRASH_REF, SimulatedCrash())])
    with pytest.raises(SimulatedCrash):
        _protocol(ledger, crashing, try_number=1).run()
    left = ledger.get(key(2))
    assert (left.status, left.target_ref) == ("in_flight", CRASH_REF), "the reference was committed before the call"

    summary = _protocol(ledger, FakeAdapter(target), try_number=2).run()  # the retried task: same logical worker

    assert [target.count(f"WC-shop1-{number}") for number in (1, 2, 3)] == [1, 1, 1]
    assert {record.status for record in ledger.records(tenant="shop1")} == {"done"}
    assert getattr(summary, recovered_by) >= 1
    trail = [(entry.action, entry.try_number) for entry in ledger.audit(key(2))]
    assert trail == [
        ("extracted", None),
        ("claimed", 1), ("reference_committed", 1),
        ("claimed", 2), ("reference_committed", 2), (recovered_by, 2),
    ]  # fmt: skip


def test_a_crash_while_vetting_before_the_reference_is_committed_is_recovered_by_a_create(ledger: Ledger) -> None:
    """Nothing was sent yet: the re-run vets the record again and creates it, once."""
    seed(ledger, 3)
    target = FakeTarget()
    crashing = FakeAdapter(target, faults=[fail_once("vet", CRASH_REF, SimulatedCrash())])
    with pytest.raises(SimulatedCrash):
        _protocol(ledger, crashing, try_number=1).run()
    left = ledger.get(key(2))
    assert (left.status, left.target_ref, target.count(CRASH_REF)) == ("in_flight", None, 0)

    rerun = FakeAdapter(target)
    summary = _protocol(ledger, rerun, try_number=2).run()

    assert [target.count(f"WC-shop1-{number}") for number in (1, 2, 3)] == [1, 1, 1]
    assert {record.status for record in ledger.records(tenant="shop1")} == {"done"}
    assert "2" in rerun.vetted, "never in flight with a reference, so it is vetted again"
    assert summary.created >= 1
    trail = [(entry.action, entry.try_number) for entry in ledger.audit(key(2))]
    assert trail == [
        ("extracted", None),
        ("claimed", 1),
        ("claimed", 2), ("reference_committed", 2), ("created", 2),
    ]  # fmt: skip


def _crash_inside_mark_done(ledger: Ledger, monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker dies after mark_done's row update ran but before its transaction committed."""
    original = ledger._audit

    def audit_then_die(conn, ctx, action, to_status, at, changes, **extra):
        if action == "created" and any(changed == key(2) for changed, _ in changes):
            raise SimulatedCrash()
        return original(conn, ctx, action, to_status, at, changes, **extra)

    monkeypatch.setattr(ledger, "_audit", audit_then_die)


def _crash_after_mark_done(ledger: Ledger, monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker dies right after mark_done committed, before the run counted the outcome."""
    original = ledger.mark_done

    def mark_done_then_die(record_key, **kwargs):
        status = original(record_key, **kwargs)
        if record_key == key(2):
            raise SimulatedCrash()
        return status

    monkeypatch.setattr(ledger, "mark_done", mark_done_then_die)


@pytest.mark.parametrize(
    ("crash", "left_status", "trail_after"),
    [
        pytest.param(_crash_inside_mark_done, "in_flight",
                     [("claimed", 2), ("reference_committed", 2), ("linked", 2)], id="inside-mark-done-before-commit"),
        pytest.param(_crash_after_mark_done, "done", [], id="after-mark-done-committed"),
    ],
)
def test_a_crash_in_or_after_mark_done_leaves_one_document_and_a_trail_matching_the_ledger(
    ledger: Ledger, monkeypatch: pytest.MonkeyPatch, crash, left_status: str, trail_after: list
) -> None:
    seed(ledger, 3)
    target = FakeTarget()
    with monkeypatch.context() as patched:
        crash(ledger, patched)
        with pytest.raises(SimulatedCrash):
            _protocol(ledger, FakeAdapter(target), try_number=1).run()
        left = ledger.get(key(2))
        # Rolled back whole (still in flight, no target id) or committed whole (done, with its id): never half.
        assert (left.status, left.target_id is not None) == (left_status, left_status == "done")
        assert target.count(CRASH_REF) == 1

    _protocol(ledger, FakeAdapter(target), try_number=2).run()

    assert [target.count(f"WC-shop1-{number}") for number in (1, 2, 3)] == [1, 1, 1]
    assert {record.status for record in ledger.records(tenant="shop1")} == {"done"}
    done = ledger.get(key(2))
    assert done.target_id == target.find(CRASH_REF)
    trail = [(entry.action, entry.try_number) for entry in ledger.audit(key(2))]
    first_try = [("extracted", None), ("claimed", 1), ("reference_committed", 1)]
    if left_status == "done":
        first_try.append(("created", 1))
    assert trail == first_try + trail_after
    assert ledger.audit(key(2))[-1].target_id == done.target_id, "the last audit entry names the recorded document"


def test_another_worker_recovers_the_record_once_the_crashed_claim_expires(ledger: Ledger, clock: FakeClock) -> None:
    seed(ledger, 1)
    target = FakeTarget()
    crashing = FakeAdapter(target, faults=[fail_once("created", "WC-shop1-1", SimulatedCrash())])
    with pytest.raises(SimulatedCrash):
        _protocol(ledger, crashing, try_number=1).run()
    assert _protocol(ledger, FakeAdapter(target), try_number=1, worker="other[0]").run().processed == 0
    clock.advance(DEFAULT_LEASE + timedelta(seconds=1))
    summary = _protocol(ledger, FakeAdapter(target), try_number=1, worker="other[0]").run()
    assert (summary.linked, summary.created, target.count("WC-shop1-1")) == (1, 0, 1)


def test_a_record_that_kills_its_worker_every_time_is_quarantined_after_max_attempts(ledger: Ledger) -> None:
    seed(ledger, 1)
    target = FakeTarget()
    poison = FakeAdapter(target, faults=[fail_always("create", "WC-shop1-1", SimulatedCrash)])
    for try_number in (1, 2):
        with pytest.raises(SimulatedCrash):
            _protocol(ledger, poison, try_number=try_number, max_attempts=2).run()
    summary = _protocol(ledger, poison, try_number=3, max_attempts=2).run()
    assert summary.quarantined == 1 and target.documents == []
    assert ledger.get(key(1)).last_error == "order 1 (shop1/qad_woo): claimed 3 times without finishing; not sending it again"
