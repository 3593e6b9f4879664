"""The erplink page's queries on a large ledger: each query's median time over a few runs (a report row, not a
timed test). A SQLite ledger in a temporary folder is seeded with N records of one tenant (orders, refunds and
write-back markers; 90 % done, the rest quarantined, failed, skipped, pending, reasons naming SKUs), three audit
rows each, and a webhook inbox; then every query the page runs is timed, the status list also without the index
the page's migration adds (ix_erplink_records_browse) to show what it is for.

    python -m bench.ledger_page --records 100000
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from erplink.ledger import Ledger, RecordKey
from erplink.ledger.browse import RecordFilter
from erplink.ledger.schema import audit, inbox, records

TENANT, INTEGRATION = "bench", "qad_woocommerce"
T0 = datetime(2026, 1, 1, tzinfo=UTC)
RUNS = 5


def seed(ledger: Ledger, count: int) -> None:
    rng = random.Random(7)
    statuses = ["done"] * 90 + ["quarantined"] * 4 + ["failed"] * 2 + ["skipped"] * 3 + ["pending"]
    entities = ["order"] * 60 + ["order_marker"] * 25 + ["refund"] * 15
    with ledger.engine.begin() as conn:
        for start in range(0, count, 5000):
            rows, trail = [], []
            for number in range(start, min(start + 5000, count)):
                entity, status = rng.choice(entities), rng.choice(statuses)
                at = T0 + timedelta(minutes=number)
                reason = {"quarantined": f"order {number}: unknown SKU SKU-{rng.randrange(500):04d}",
                          "failed": "QAD answered 503", "skipped": "not a sale status (pending)"}.get(status)
                rows.append(dict(tenant=TENANT, integration=INTEGRATION, entity=entity, source_id=str(number),
                                 source_modified=at, payload_hash=f"{number:064d}", payload={"id": number},
                                 status=status, attempts=1, target_ref=f"WC-bench-{number}",
                                 target_id=f"SO{number:06d}" if status == "done" else None, last_error=reason,
                                 created_at=at, updated_at=at))
                for action, to_status in (("extracted", "pending"), ("reference_committed", "in_flight"),
                                          ("created", status)):
                    trail.append(dict(tenant=TENANT, integration=INTEGRATION, entity=entity, source_id=str(number),
                                      at=at, run_id="scheduled__x", task_id="load_orders", try_number=1,
                                      worker=f"erplink__{INTEGRATION}__{TENANT}__orders.load_orders", action=action,
                                      to_status=to_status))
            conn.execute(records.insert(), rows)
            conn.execute(audit.insert(), trail)
        conn.execute(inbox.insert(), [dict(system="woocommerce", tenant=TENANT, topic="order.updated",
                                           resource="order", resource_id=str(n), modified=str(n), payload={"id": n},
                                           received_at=T0 + timedelta(seconds=n), status="done")
                                      for n in range(min(count, 20_000))])


def timed(query: Callable[[], Any]) -> float:
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        query()
        samples.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(samples), 2)


def queries(ledger: Ledger, count: int) -> dict[str, Callable[[], Any]]:
    def where(**fields: Any) -> RecordFilter:
        return RecordFilter(TENANT, INTEGRATION, **fields)

    needs_a_person = where(statuses=("quarantined", "failed"))
    middle = ledger.record_page(where(), size=1, before_id=count // 2).rows[0].id
    sample_key = RecordKey(TENANT, INTEGRATION, "order", str(count // 3))
    return {
        "counts by entity and status": lambda: ledger.counts(TENANT, INTEGRATION),
        "needing a person, first page": lambda: ledger.record_page(needs_a_person, size=50),
        "needing a person, a page halfway": lambda: ledger.record_page(needs_a_person, size=50, before_id=middle),
        "one entity and status": lambda: ledger.record_page(where(entity="order", statuses=("quarantined",)), size=50),
        "text in the reasons": lambda: ledger.record_page(where(text="SKU-0042"), size=50),
        "a source id": lambda: ledger.record_page(where(text=str(count // 2)), size=50),
        "a month of changes": lambda: ledger.record_page(
            where(since=T0 + timedelta(days=30), until=T0 + timedelta(days=60)), size=50),
        "every match of a filter (replay all)": lambda: ledger.matching_keys(needs_a_person, limit=5001),
        "one record and its audit trail": lambda: (ledger.get(sample_key), ledger.audit(sample_key)),
        "watermarks": lambda: ledger.watermarks(TENANT, INTEGRATION),
        "inbox counts and last delivery": lambda: (ledger.inbox_stats(system="woocommerce", tenant=TENANT),
                                                   ledger.inbox_last_delivery(system="woocommerce", tenant=TENANT)),
    }


def run(count: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="erplink-bench-ledger-") as folder:
        ledger = Ledger(f"sqlite:///{Path(folder) / 'ledger.db'}")
        ledger.migrate()
        started = time.perf_counter()
        seed(ledger, count)
        with ledger.engine.begin() as conn:
            conn.execute(sa.text("ANALYZE"))
        seeded = time.perf_counter() - started
        found = {name: timed(query) for name, query in queries(ledger, count).items()}
        with ledger.engine.begin() as conn:
            conn.execute(sa.text("DROP INDEX ix_erplink_records_browse"))
            conn.execute(sa.text("ANALYZE"))
        without = timed(queries(ledger, count)["needing a person, first page"])
        ledger.dispose()
    return {"records": count, "backend": "sqlite", "seed_seconds": round(seeded, 1), "median_ms": found,
            "needing_a_person_without_browse_index_ms": without}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    print(json.dumps(run(parser.parse_args().records)))


if __name__ == "__main__":
    main()
