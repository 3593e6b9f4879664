"""claim: atomic hand-out of records to workers, crash take-back by the same worker, and lease expiry."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections import Counter
from datetime import timedelta
from pathlib import Path

from erplink.ledger import DEFAULT_LEASE, AttemptContext, Ledger, Status
from tests.erplink.ledger.helpers import FakeClock, key, seed

REPO_ROOT = Path(__file__).resolve().parents[3]


def _claim(ledger: Ledger, worker: str, **kwargs) -> list[str]:
    return [record.key.source_id for record in ledger.claim("shop1", "qad_woo", "order", worker=worker, **kwargs)]


def test_claim_moves_the_oldest_pending_rows_to_in_flight_and_counts_an_attempt(ledger: Ledger, clock: FakeClock) -> None:
    seed(ledger, 5)
    ctx = AttemptContext(run_id="run-1", task_id="load", try_number=1, worker="w1")
    claimed = ledger.claim("shop1", "qad_woo", "order", limit=3, worker="w1", ctx=ctx)
    assert [record.key.source_id for record in claimed] == ["1", "2", "3"]
    assert {(record.status, record.attempts, record.claimed_by) for record in claimed} == {(Status.IN_FLIGHT, 1, "w1")}
    assert claimed[0].lease_until == clock() + DEFAULT_LEASE
    entry = ledger.audit(key(1))[-1]
    assert (entry.action, entry.from_status, entry.to_status, entry.run_id, entry.try_number, entry.worker) == (
        "claimed", "pending", "in_flight", "run-1", 1, "w1",
    )  # fmt: skip
    assert ledger.get(key(4)).status == "pending"


def test_many_threads_claiming_at_once_never_get_the_same_record(ledger: Ledger) -> None:
    seed(ledger, 120)
    start = threading.Barrier(8)
    claimed: dict[str, list[str]] = {}

    def work(worker: str) -> None:
        start.wait()
        mine = claimed.setdefault(worker, [])
        after_id = None
        # after_id: a worker's own in-flight rows are claimable again by design (crash take-back).
        while batch := ledger.claim("shop1", "qad_woo", "order", limit=4, worker=worker, after_id=after_id):
            mine.extend(record.key.source_id for record in batch)
            after_id = batch[-1].id

    threads = [threading.Thread(target=work, args=(f"w{number}",)) for number in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    every_claim = Counter(source_id for batch in claimed.values() for source_id in batch)
    assert len(every_claim) == 120, "every record was handed out"
    assert set(every_claim.values()) == {1}, "no record was handed out twice"


def test_two_processes_claiming_at_once_never_get_the_same_record(ledger: Ledger, database_url: str) -> None:
    seed(ledger, 90)
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.erplink.ledger.claim_worker", database_url, worker],
            cwd=REPO_ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        for worker in ("proc-a", "proc-b")
    ]
    for process in processes:
        process.stdin.write("go\n")
        process.stdin.flush()
    outputs = []
    for process in processes:
        stdout, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, stderr
        outputs.append(stdout.split())
    every_claim = Counter(source_id for output in outputs for source_id in output)
    assert len(every_claim) == 90
    assert set(every_claim.values()) == {1}


def test_the_same_logical_worker_takes_back_its_in_flight_rows_but_another_worker_does_not(ledger: Ledger) -> None:
    seed(ledger, 2)
    assert _claim(ledger, "dag.load[0]", limit=1) == ["1"]
    assert _claim(ledger, "dag.load[1]", limit=5) == ["2"], "a live claim of another worker is left alone"
    retried = ledger.claim("shop1", "qad_woo", "order", limit=5, worker="dag.load[0]")
    assert [(record.key.source_id, record.attempts) for record in retried] == [("1", 2)]


def test_an_expired_lease_lets_another_worker_take_the_row(ledger: Ledger, clock: FakeClock) -> None:
    seed(ledger, 1)
    _claim(ledger, "w1", limit=1)
    clock.advance(DEFAULT_LEASE - timedelta(seconds=1))
    assert _claim(ledger, "w2", limit=1) == []
    clock.advance(timedelta(seconds=2))
    assert _claim(ledger, "w2", limit=1) == ["1"]
    assert ledger.get(key(1)).claimed_by == "w2"


def test_claim_can_be_limited_to_keys_and_to_rows_after_an_id(ledger: Ledger) -> None:
    seed(ledger, 6)
    assert _claim(ledger, "w", limit=10, keys=["2", key(5)]) == ["2", "5"]
    first_id = ledger.get(key(3)).id
    assert _claim(ledger, "w2", limit=10, after_id=first_id) == ["4", "6"]


def test_claim_takes_only_the_requested_statuses(ledger: Ledger) -> None:
    seed(ledger, 2)
    ctx = AttemptContext(worker="w")
    _claim(ledger, "w", limit=1)
    ledger.mark_failed(key(1), error="timeout", ctx=ctx)
    assert _claim(ledger, "w2", limit=5) == ["2"]
    assert _claim(ledger, "w3", limit=5, statuses=("failed",)) == ["1"]
