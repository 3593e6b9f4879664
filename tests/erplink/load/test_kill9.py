"""A real kill -9 in the middle of a load: the re-run ends with exactly one target document per reference."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

from erplink.ledger import AttemptContext, Ledger
from erplink.load import LoadProtocol
from tests.erplink.ledger.helpers import key, seed
from tests.erplink.load.file_target import FileTargetAdapter
from tests.erplink.load.kill9_worker import WORKER

REPO_ROOT = Path(__file__).resolve().parents[3]


def test_sigkill_between_remote_create_and_mark_done_then_rerun_gives_one_document_per_reference(
    ledger: Ledger, database_url: str, tmp_path: Path
) -> None:
    seed(ledger, 5)
    target_path = tmp_path / "target.db"
    with subprocess.Popen(
        [sys.executable, "-m", "tests.erplink.load.kill9_worker", database_url, str(target_path)],
        cwd=REPO_ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    ) as worker:  # fmt: skip
        try:
            assert worker.stdout.readline().strip() == "created WC-shop1-1"
            worker.stdin.write("\n")  # let the first record finish
            worker.stdin.flush()
            assert worker.stdout.readline().strip() == "created WC-shop1-2"
            worker.send_signal(signal.SIGKILL)  # the POST for order 2 landed; its mark_done never ran
        finally:
            if worker.poll() is None:
                worker.kill()
            worker.wait(timeout=30)
    assert worker.returncode == -signal.SIGKILL
    assert (ledger.get(key(1)).status, ledger.get(key(2)).status) == ("done", "in_flight")

    adapter = FileTargetAdapter(target_path)
    ctx = AttemptContext(run_id="scheduled__2026-03-01", task_id="load_orders", try_number=2, worker=WORKER)
    summary = LoadProtocol(ledger, adapter, tenant="shop1", integration="qad_woo", entity="order", ctx=ctx).run()

    assert adapter.counts() == {f"WC-shop1-{number}": 1 for number in range(1, 6)}
    assert (summary.linked, summary.created) == (1, 3)
    assert {record.status for record in ledger.records(tenant="shop1")} == {"done"}
    assert [entry.action for entry in ledger.audit(key(2))][-1] == "linked"
