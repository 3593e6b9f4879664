"""Run as a separate process by test_claims: claims batches until none is left, printing each claimed source id.

Usage: python -m tests.erplink.ledger.claim_worker LEDGER_URL WORKER_ID — waits for a line on stdin to start, so
that several processes begin claiming at the same moment.
"""

from __future__ import annotations

import sys

from erplink.ledger import Ledger


def main(url: str, worker: str) -> None:
    ledger = Ledger(url)
    sys.stdin.readline()
    after_id = None
    while batch := ledger.claim("shop1", "qad_woo", "order", limit=3, worker=worker, after_id=after_id):
        for record in batch:
            print(record.key.source_id, flush=True)
        after_id = batch[-1].id
    ledger.dispose()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
