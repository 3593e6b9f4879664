"""Acumatica ↔ WooCommerce order sync: a store of N orders → extract, load orders (AR invoices), load refunds
(credit memos), write-back, timed and counted, with the licence seats each task took.

    python -m bench.acumatica_sync --orders 1000 --latency-ms 25 [--workers 4]

Each phase gets a fresh FlowContext and hooks, as each Airflow task does, so the tokens and logouts counted are
a real run's. The sandboxes (WooCommerce, Acumatica) run in a child process. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import math
import os
from collections.abc import Callable
from typing import Any

from bench.environment import SEED, peak_rss_mb, prepare_process, sandboxes_in_child, workdir
from bench.order_sync import ORDER_PAGE, REFUND_IDS_CHUNK, WOO_BATCH_LIMIT, customers_to_create, walk_requests

TENANT = "demo_acumatica"
SKUS_PER_LOOK_UP = 20  # InventoryIDs per StockItem `or` filter (erplink.systems.acumatica.targets.SKUS_PER_REQUEST)


def run(orders: int, latency_ms: int, workers: int | None) -> dict[str, Any]:
    with workdir("acumatica") as tmp:
        prepare_process(tmp, max_workers=workers, tenant=TENANT)
        skus = min(10_000, max(200, orders // 10))
        with sandboxes_in_child(orders=orders, skus=skus, latency_ms=latency_ms, workdir=tmp,
                                only="woocommerce,acumatica") as env:
            os.environ.update(env)
            return _sync(orders, skus, latency_ms)


def task_contexts() -> tuple[Callable[[str], Any], Any]:
    """A factory of one task's FlowContext (its own hooks, every call counted into one counter), and the counter."""
    from erplink.config.tenants import load_tenants
    from erplink.flows.context import FlowContext
    from erplink.http.metrics import CallCounter
    from erplink.ledger import AttemptContext, Ledger
    from erplink.systems.acumatica.hooks.acumatica import AcumaticaHook
    from erplink.systems.woocommerce.hooks.woocommerce import WooCommerceHook

    tenant = load_tenants().get(TENANT)
    ledger = Ledger.from_env()
    ledger.migrate()
    counter = CallCounter()

    def context(task: str) -> FlowContext:
        return FlowContext(
            tenant=tenant, ledger=ledger,
            attempt=AttemptContext(run_id="bench", task_id=task, try_number=1, worker=f"{tenant.dag_prefix}.{task}"),
            store_hook=WooCommerceHook(woocommerce_conn_id=tenant.store.conn_id, counter=counter),
            erp_hook=AcumaticaHook(acumatica_conn_id=tenant.erp.conn_id, endpoint_version=tenant.erp.endpoint_version,
                                   counter=counter),
        )  # fmt: skip

    return context, counter


def _sync(orders: int, skus: int, latency_ms: int) -> dict[str, Any]:
    from bench.flow_run import PhaseTimer, flat_counts
    from erplink.integrations.acumatica_woocommerce import flows

    context, counter = task_contexts()
    workers = context("probe").tenant.orders.max_workers
    timer = PhaseTimer(counter)

    def extract() -> dict[str, Any]:
        fc = context("extract")
        window, previous, *_ = flows.order_window(fc, params={}, data_interval_start=None, data_interval_end=None)
        return flows.extract(fc, window, previous)

    extracted = timer.run("extract", extract, concurrency=1)
    loaded = timer.run("load orders", lambda: flows.load_orders(context("load_orders")), concurrency=workers)
    refunds = timer.run("load refunds", lambda: flows.load_refunds(context("load_refunds")), concurrency=workers)
    marked = timer.run("write-back", lambda: flows.write_back(context("write_back")), concurrency=workers)
    peak_rss = peak_rss_mb()
    calls = flat_counts(counter)
    outcome = _outcome(context("read-back"), extracted, loaded, refunds, marked, orders=orders, skus=skus)
    return {
        "scenario": "acumatica order sync", "orders": orders, "latency_ms": latency_ms, "workers": workers,
        "seconds": sum(p.seconds for p in timer.phases), "phases": timer.to_dict(), "calls": calls,
        "outcome": outcome, "floors": floors(outcome), "peak_rss_mb": peak_rss,
        "sessions": {"tokens": calls.get("acumatica POST token", 0),
                     "logouts": calls.get("acumatica POST auth/logout", 0),
                     "tasks_calling_acumatica": sum(1 for p in timer.phases
                                                    if any(e.startswith("acumatica ") for e in p.calls))},
    }  # fmt: skip


def _outcome(fc: Any, extracted: dict[str, Any], loaded: dict[str, Any], refunds: dict[str, Any],
             marked: dict[str, Any], *, orders: int, skus: int) -> dict[str, int]:
    from sandbox.seed import generate_world

    records = list(fc.ledger.records(tenant=fc.tenant.name, integration=fc.integration, entity="order"))
    posted = [r for r in records if r.status.value == "done"]
    emails = {str((r.payload.get("billing") or {}).get("email", "")).strip().lower() for r in posted}
    sent_skus = {line.get("sku") for r in records for line in r.payload.get("line_items") or []
                 if isinstance(line, dict) and line.get("sku")}
    seeded = generate_world(seed=SEED, orders=orders, skus=skus).erp_customers
    return {
        "orders_read": extracted["orders_read"],
        "orders_trashed": sum(1 for r in records if r.payload.get("status") == "trash"),
        "orders_posted": loaded["created"] + loaded["linked"],
        "orders_failed": loaded["failed"],
        "refunds_posted": refunds["created"] + refunds["linked"],
        "refunds_looked_up": refunds["created"] + refunds["linked"] + refunds["quarantined"] + refunds["failed"],
        "new_refunds": extracted["refunds_new"],
        "distinct_customers": len(emails),
        # The sandbox seeds the first six shoppers and the trade accounts (sandbox/acumatica/seed.py).
        "customers_to_create": customers_to_create(emails, _acumatica_customers(seeded)),
        "distinct_skus": len(sent_skus),
        "markers_written": marked["created"] + marked["updated"],
    }


def _acumatica_customers(erp_customers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    from sandbox.acumatica.seed import SHOPPER_CUSTOMERS

    shoppers = [c for c in erp_customers if not c["email"].endswith("@trade.example.net")]
    trade = [c for c in erp_customers if c["email"].endswith("@trade.example.net")]
    return shoppers[:SHOPPER_CUSTOMERS] + trade


def floors(o: dict[str, int]) -> dict[str, dict[str, int]]:
    """Minimum requests per endpoint.

    ``issue``: what any correct sync must send — list pages, one PUT per document (invoice, credit memo; the API
    has no batch), one customer look-up per distinct customer (cached for the run) and one PUT per new customer.
    ``protocol``: adds what erplink sends on purpose — the look-up by ``CustomerOrder`` before every create (the
    exactly-once guard; for a refund the same request reads the invoice's customer), the second customer-matching
    rule (``AccountRef``) for customers the e-mail did not find, the release of every document (its POST, and one
    check once the load is done: the operation ran meanwhile), the item look-up (20 InventoryIDs per
    request), one token and one logout per task that calls Acumatica, and the store side's list walk, refunds and
    write-back batches.
    """
    documents = o["orders_posted"] + o["refunds_posted"]
    issue = {
        "woocommerce GET orders": math.ceil(o["orders_read"] / ORDER_PAGE),
        "acumatica PUT SalesInvoice": documents,
        "acumatica GET Customer by filter": o["distinct_customers"],
        "acumatica PUT Customer": o["customers_to_create"],
    }
    protocol = {
        **issue,
        "acumatica GET SalesInvoice by filter": o["orders_posted"] + o["orders_failed"] + o["refunds_looked_up"],
        "acumatica GET Customer by filter": o["distinct_customers"] + o["customers_to_create"],
        "acumatica POST SalesInvoice/ReleaseSalesInvoice": documents,
        "acumatica GET SalesInvoice/ReleaseSalesInvoice/status": documents,
        "acumatica GET StockItem by filter": math.ceil(o["distinct_skus"] / SKUS_PER_LOOK_UP),
        "acumatica POST token": 2,  # the two tasks that call Acumatica: load orders, load refunds
        "acumatica POST auth/logout": 2,
        "woocommerce GET orders": walk_requests(o["orders_read"] - o["orders_trashed"])
        + walk_requests(o["orders_trashed"]),
        "woocommerce GET refunds": math.ceil(o["new_refunds"] / REFUND_IDS_CHUNK),
        "woocommerce POST orders/batch": math.ceil(o["markers_written"] / WOO_BATCH_LIMIT),
    }
    return {"issue": issue, "protocol": protocol}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, required=True)
    parser.add_argument("--latency-ms", type=int, default=25)
    parser.add_argument("--workers", type=int, default=None, help="load threads (default: the tenant's max_workers)")
    args = parser.parse_args()
    print(json.dumps(run(args.orders, args.latency_ms, args.workers)))


if __name__ == "__main__":
    main()
