"""QAD ↔ BigCommerce order sync: a store of N orders → extract (orders, their parts, refunds and payment
transactions) → sales, payments, refunds as QAD journal entries → write-back markers, timed and counted.

    python -m bench.qad_bigcommerce_sync --orders 1000 --latency-ms 25 [--workers 4]

Each phase gets a fresh FlowContext and hooks, as each Airflow task does. The sandboxes run in this process: the
BigCommerce one is started with options (its request quota lifted, see below) that its command line does not
take, so this scenario reports no peak RSS. Every GL period of the store's history is opened first. Prints one
JSON object.

The store's quota (150 requests per 30 s window on a Standard plan) is lifted: a run waits out each spent window,
so its wall time would measure the plan, not erplink. The *quota floor* (BigCommerce calls ÷ 150 × 30 s) is
reported beside the latency floor instead: what the same calls take on a real Standard store at the least.
"""

from __future__ import annotations

import argparse
import json
import os
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from functools import partial
from typing import Any

from bench.environment import SEED, prepare_process, workdir

TENANT = "demo_bigcommerce"
STANDARD_QUOTA, QUOTA_WINDOW_S = 150, 30.0  # BigCommerce Standard/Plus: requests per store per window
SALE_STATUS_IDS = {2, 3, 8, 9, 10, 11} | {4, 14}  # the tenant's sale statuses, and the refunded ones (sold first)
JOURNAL_POST, JOURNAL_BROWSE = "qad POST journalEntries", "qad GET browse journal_entries"
BOOKS_MONTHS = 121  # GL periods opened, back from this month: the tenant reads 3,650 days back on its first run


def run(orders: int, latency_ms: int, workers: int | None) -> dict[str, Any]:
    with workdir("qad-bigcommerce") as tmp:
        prepare_process(tmp, max_workers=workers, tenant=TENANT)
        from sandbox.runner import start_sandboxes

        skus = min(10_000, max(200, orders // 10))
        running = start_sandboxes(["bigcommerce", "qad"], seed=SEED, orders=orders, skus=skus, latency_ms=latency_ms,
                                  options={"bigcommerce": {"quota_per_window": 10**9}})  # fmt: skip
        try:
            os.environ.update(running.env())
            _open_books(running.qad.state)
            return _sync(orders, latency_ms, running)
        finally:
            running.close()


def _open_books(qad: Any) -> None:
    now = datetime.now(UTC)
    for months_back in range(BOOKS_MONTHS):
        index = now.year * 12 + now.month - 1 - months_back
        qad.set_gl_period(index // 12, index % 12 + 1, is_open=True)


def task_contexts() -> tuple[Callable[[str], Any], Any]:
    """A factory of one task's FlowContext (its own hooks, every call counted into one counter), and the counter."""
    from erplink.config.tenants import load_tenants
    from erplink.flows.context import FlowContext
    from erplink.http.metrics import CallCounter
    from erplink.ledger import AttemptContext, Ledger
    from erplink.systems.bigcommerce.hooks.bigcommerce import BigCommerceHook
    from erplink.systems.qad.hooks.qad import QadHook

    tenant = load_tenants().get(TENANT)
    ledger = Ledger.from_env()
    ledger.migrate()
    counter = CallCounter()

    def context(task: str) -> FlowContext:
        return FlowContext(
            tenant=tenant, ledger=ledger,
            attempt=AttemptContext(run_id="bench", task_id=task, try_number=1, worker=f"{tenant.dag_prefix}.{task}"),
            store_hook=BigCommerceHook(bigcommerce_conn_id=tenant.store.conn_id, counter=counter),
            erp_hook=QadHook(qad_conn_id=tenant.erp.conn_id, counter=counter),
        )  # fmt: skip

    return context, counter


def _sync(orders: int, latency_ms: int, running: Any) -> dict[str, Any]:
    from bench.flow_run import PhaseTimer, flat_counts
    from erplink.integrations.qad_bigcommerce import flows

    context, counter = task_contexts()
    workers = context("probe").tenant.load_threads
    timer = PhaseTimer(counter)

    def extract() -> dict[str, Any]:
        fc = context("extract")
        window, previous, *_ = flows.order_window(fc, params={}, data_interval_start=None, data_interval_end=None)
        return flows.extract(fc, window, previous)

    extracted = timer.run("extract", extract, concurrency=1)
    steps = (("sales", flows.load_orders), ("payments", flows.load_payments), ("refunds", flows.load_refunds),
             ("write-back", flows.write_back))  # fmt: skip
    # Each task's context is built as its phase starts (hooks only: no call is sent until the step runs).
    loaded = {name: timer.run(name, partial(step, context(name)), concurrency=workers) for name, step in steps}
    calls = flat_counts(counter)
    outcome = _outcome(running, extracted, loaded)
    floors = {JOURNAL_POST: outcome["entries_posted"], JOURNAL_BROWSE: outcome["entries_looked_up"]}
    return {
        "scenario": "qad bigcommerce order sync", "orders": orders, "latency_ms": latency_ms, "workers": workers,
        "seconds": sum(p.seconds for p in timer.phases), "phases": timer.to_dict(), "calls": calls,
        "outcome": outcome, "floors": {"protocol": floors},
    }  # fmt: skip


def _outcome(running: Any, extracted: dict[str, Any], loaded: dict[str, dict[str, Any]]) -> dict[str, int]:
    """What the run did, and what the store's own records call for (read from the sandbox, not the ledger)."""
    entries = running.qad.state.documents("journal-entries")
    posted = Counter(entry["externalRef"] for entry in entries)
    wanted = _store_references(running["bigcommerce"].state)
    held = _held_for_content(wanted)
    unbalanced = [entry for entry in entries if _side(entry, "debit") != _side(entry, "credit")]
    journal_steps = [loaded[name] for name in ("sales", "payments", "refunds")]
    return {
        "orders_read": extracted["orders_read"],
        "entries_posted": sum(step["created"] for step in journal_steps),
        "entries_looked_up": sum(step["created"] + step["linked"] + step["failed"] for step in journal_steps),
        "entries_failed": sum(step["failed"] for step in journal_steps),
        "entries_expected": len(wanted),
        "entries_held": len(held),
        "entries_missing": len(wanted - set(posted) - held),
        "entries_unexpected": len(set(posted) - wanted),
        "references_twice": sum(1 for n in posted.values() if n > 1),
        "entries_unbalanced": len(unbalanced),
        "sales": sum(1 for ref in posted if "-P" not in ref and "-R" not in ref),
        "payments": sum(1 for ref in posted if "-P" in ref),
        "refunds": sum(1 for ref in posted if "-R" in ref),
        "markers_written": loaded["write-back"]["created"] + loaded["write-back"]["updated"],
    }


def _held_for_content(wanted: set[str]) -> set[str]:
    """The references of orders the ledger holds back for their content (quarantined with a reason naming the
    order, e.g. a line without SKU), with their payments and refunds, which wait for them."""
    from erplink.ledger import Ledger

    held_orders = {
        record.key.source_id
        for record in Ledger.from_env().records(tenant=TENANT, entity="order", statuses=("quarantined",))
        if f"order {record.key.source_id} " in (record.last_error or "")
    }
    return {ref for ref in wanted if ref.split("-")[2] in held_orders}


def _side(entry: dict[str, Any], side: str) -> Decimal:
    return sum((Decimal(str(line[side])) for line in entry["lines"]), Decimal(0))


def _store_references(store: Any) -> set[str]:
    """Each sale of the store, each payment taken for it (no test-mode one), each refund of it."""
    records, key = store.records, "bcdemo"
    with store.lock:
        sales = {oid for oid, rec in records.orders.items() if rec.document["status_id"] in SALE_STATUS_IDS}
        wanted = {f"BC-{key}-{oid}" for oid in sales}
        wanted |= {f"BC-{key}-{oid}-P{t['id']}" for oid in sales for t in records.transactions.get(oid, [])
                   if t["event"] in ("purchase", "capture") and t["status"] == "ok" and not t.get("test")}  # fmt: skip
        wanted |= {f"BC-{key}-{r['order_id']}-R{r['id']}" for r in records.refunds if int(r["order_id"]) in sales}
    return wanted


def quota_floor_s(calls: dict[str, int]) -> float:
    """Seconds the BigCommerce calls take at least on a Standard store: a window of 30 s per 150 requests."""
    store_calls = sum(n for endpoint, n in calls.items() if endpoint.startswith("bigcommerce "))
    return store_calls / STANDARD_QUOTA * QUOTA_WINDOW_S


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, required=True)
    parser.add_argument("--latency-ms", type=int, default=25)
    parser.add_argument("--workers", type=int, default=None, help="load threads (default: the tenant's max_workers)")
    args = parser.parse_args()
    print(json.dumps(run(args.orders, args.latency_ms, args.workers)))


if __name__ == "__main__":
    main()
