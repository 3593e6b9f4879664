"""Run by test_kill9 as a separate process: loads orders into a FileTargetAdapter and gets SIGKILLed mid-run.

Usage: python -m tests.erplink.load.kill9_worker LEDGER_URL TARGET_PATH — after each committed create it prints
``created <reference>`` and waits for a line on stdin before going on, so the test can kill it right between the
remote create and the ledger's mark_done (the hardest moment to recover from).
"""

from __future__ import annotations

import sys
from pathlib import Path

from erplink.ledger import AttemptContext, Ledger
from erplink.load import LoadProtocol
from tests.erplink.load.file_target import FileTargetAdapter

WORKER = "qad_woo.load_orders[0]"


def _pause(reference: str) -> None:
    print(f"created {reference}", flush=True)
    sys.stdin.readline()


def main(url: str, target_path: str) -> None:
    ledger = Ledger(url)
    adapter = FileTargetAdapter(Path(target_path), after_create=_pause)
    ctx = AttemptContext(run_id="scheduled__2026-03-01", task_id="load_orders", try_number=1, worker=WORKER)
    LoadProtocol(ledger, adapter, tenant="shop1", integration="qad_woo", entity="order", ctx=ctx, max_workers=1).run()
    print("finished", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
