"""Order sync scenario: a store of N orders → extract, load orders, load refunds, write-back, timed and counted.

    python -m bench.order_sync --orders 1000 --latency-ms 25 [--workers 4]

Runs in its own process (``python -m bench`` starts one per size) so that the peak RSS it reports is this size's
alone; the sandboxes run in a further child process, so the emulated store's memory is not counted either.
Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import math
import os
from typing import Any

from bench.environment import SEED, peak_rss_mb, prepare_process, sandboxes_in_child, workdir

ORDER_PAGE = 100  # WooCommerce's largest per_page
ITEM_LOOKUP_LIMIT = 20  # up to this many SKUs, one item browse each; more, the item browse read whole (hooks/qad.py)
BROWSE_PAGE = 200  # rows per QAD browse answer (the qad connection's browse_page_size default)
LINE_FIELDS_ALWAYS_SENT = 2  # itemCode and quantityOrdered: QAD's new line holds neither (sandbox/qad README)
WOO_BATCH_LIMIT = 100  # orders per write-back batch request (erplink.systems.woocommerce.hooks.woocommerce.WOO_BATCH_LIMIT)
REFUND_IDS_CHUNK = 99  # refunds named per store-wide refunds request (erplink.systems.woocommerce.hooks.woocommerce.IDS_FILTER_CHUNK)


def walk_requests(rows: int, per_page: int = ORDER_PAGE) -> int:
    """Requests of erplink's list walk over an unchanged list: pages one row apart, ended by a short page
    (docs/extract.md)."""
    return 1 + math.ceil(max(0, rows - per_page + 1) / (per_page - 1))


def run(orders: int, latency_ms: int, workers: int | None) -> dict[str, Any]:
    with workdir("orders") as tmp:
        prepare_process(tmp, max_workers=workers)
        skus = min(10_000, max(200, orders // 10))
        with sandboxes_in_child(orders=orders, skus=skus, latency_ms=latency_ms, workdir=tmp) as env:
            os.environ.update(env)
            return _sync(orders, skus, latency_ms)


def _sync(orders: int, skus: int, latency_ms: int) -> dict[str, Any]:
    from bench.flow_run import PhaseTimer, counted_flow_context, extract_step, flat_counts
    import erplink.integrations.qad_woocommerce.flows as flow

    fc, counter = counted_flow_context()
    workers = fc.tenant.orders.max_workers
    timer = PhaseTimer(counter)
    extracted = timer.run("extract", lambda: extract_step(fc), concurrency=1)
    loaded = timer.run("load orders", lambda: flow.load_orders(fc), concurrency=workers)
    refunds = timer.run("load refunds", lambda: flow.load_refunds(fc), concurrency=workers)
    marked = timer.run("write-back", lambda: flow.write_back(fc), concurrency=workers)
    peak_rss = peak_rss_mb()  # the sync's own peak, before the read-back and the world below
    calls = flat_counts(counter)
    world = _seeded_world(orders, skus)
    outcome = _outcome(fc, extracted, loaded, refunds, marked, erp_customers=world.erp_customers,
                       erp_items=len(world.erp_items))  # fmt: skip
    return {
        "scenario": "order sync", "orders": orders, "latency_ms": latency_ms, "workers": workers,
        "seconds": sum(p.seconds for p in timer.phases), "phases": timer.to_dict(), "calls": calls,
        "outcome": outcome, "floors": floors(outcome), "peak_rss_mb": peak_rss,
    }  # fmt: skip


def _seeded_world(orders: int, skus: int) -> Any:
    """What QAD held before the run (customers, items): the same seeded world the sandbox process serves."""
    from sandbox.seed import generate_world

    return generate_world(seed=SEED, orders=orders, skus=skus)


def customers_to_create(emails: set[str], erp_customers: list[dict[str, Any]]) -> int:
    """Customers a correct sync must create: the posted orders' customers QAD did not hold before the run.

    Matched by e-mail (QAD's filter ignores case); the run's own calls never enter it, or a sync that created a
    customer twice would meet its floor.
    """
    known = {str(c.get("email") or "").strip().lower() for c in erp_customers}
    return len({e for e in emails if e} - known)


def _outcome(fc: Any, extracted: dict[str, Any], loaded: dict[str, Any], refunds: dict[str, Any],
             marked: dict[str, Any], *, erp_customers: list[dict[str, Any]], erp_items: int = 0) -> dict[str, int]:
    """What the run did, read back from the ledger, and what the seeded world says it must create: the inputs of
    the floors."""
    posted = list(fc.ledger.records(tenant=fc.tenant.name, integration=fc.integration, entity="order",
                                    statuses=("done",)))  # fmt: skip
    emails = {str((r.payload.get("billing") or {}).get("email", "")).strip().lower() for r in posted}
    skus = {line.get("sku") for r in fc.ledger.records(tenant=fc.tenant.name, integration=fc.integration,
                                                      entity="order")
            for line in r.payload.get("line_items") or [] if isinstance(line, dict) and line.get("sku")}
    trashed = sum(1 for r in fc.ledger.records(tenant=fc.tenant.name, integration=fc.integration, entity="order")
                  if r.payload.get("status") == "trash")
    return {
        "orders_read": extracted["orders_read"],
        "orders_trashed": trashed,
        "orders_posted": loaded["created"] + loaded["linked"],
        "lines_posted": sum(len(r.payload.get("line_items") or []) for r in posted),
        "orders_attempted": loaded["created"] + loaded["linked"] + loaded["quarantined"] + loaded["skipped"]
        + loaded["failed"],
        "orders_quarantined": loaded["quarantined"],
        "orders_skipped": loaded["skipped"],
        "orders_failed": loaded["failed"],
        "refunds_posted": refunds["created"] + refunds["linked"],
        # Refunds waiting for their order are turned away before the look-up; a refund the mapping refuses is not.
        "refunds_looked_up": refunds["created"] + refunds["linked"] + refunds["quarantined"] + refunds["failed"],
        "new_refunds": extracted["refunds_new"],
        "distinct_customers": len(emails),
        "customers_to_create": customers_to_create(emails, erp_customers),
        "distinct_skus": len(skus),
        "erp_items": erp_items,
        "markers_written": marked["created"] + marked["updated"],
    }


def floors(o: dict[str, int]) -> dict[str, dict[str, int]]:
    """Minimum requests per endpoint, on QAD's REST shapes (business documents, the line flow, browses).

    ``issue``: what any correct sync must send — list pages; per posted order its header, per line a new line
    from QAD and the item's and the quantity's field changes (QAD's new line holds neither; the prices follow
    from the item, so they are sent only where the store's differ), and one grid save of its lines (QAD has no
    batch create); one credit memo per refund; one customer look-up per distinct customer (cached for the run)
    and a business relation and a customer per new customer.
    ``protocol``: adds what erplink sends on purpose — the look-up by external reference before every create
    (the exactly-once guard; orders refused before they were ever sent skip it), the second customer-matching
    rule for customers the first did not find, the list walk's overlap (pages one row apart, and the trash read
    on its own), the new refunds named 99 a request, the item look-up (one browse per SKU up to 20, else the
    item browse read whole at a request per page), the write-back markers (100 orders per batch request) and
    the token.
    """
    item_walk = max(1, math.ceil(o.get("erp_items", 0) / BROWSE_PAGE))
    item_lookups = o["distinct_skus"] if o["distinct_skus"] <= ITEM_LOOKUP_LIMIT else item_walk
    lines = o.get("lines_posted", 0)
    issue = {
        "woocommerce GET orders": math.ceil(o["orders_read"] / ORDER_PAGE),
        "qad POST salesOrderHeaders": o["orders_posted"],
        "qad GET salesOrderLinesGrid": lines,
        "qad POST salesOrderLineFieldChange": LINE_FIELDS_ALWAYS_SENT * lines,
        "qad POST salesOrderLinesGrid": o["orders_posted"],
        "qad POST creditMemos": o["refunds_posted"],
        "qad GET browse customers": o["distinct_customers"],
        "qad POST businessRelationV2s": o["customers_to_create"],
        "qad POST customerV2s": o["customers_to_create"],
    }
    protocol = {
        **issue,
        # Orders refused by the adapter before they were ever sent (not a sale, unmappable) need no look-up.
        "qad GET browse sales_orders": o["orders_posted"] + o["orders_failed"],
        "qad GET browse credit_memos": o["refunds_looked_up"],
        "qad GET browse customers": o["distinct_customers"] + o["customers_to_create"],
        # A new customer's business relation is looked up by its reference first (one left by a stopped create).
        "qad GET browse business_relations": o["customers_to_create"],
        # The orders list and the trash are walked apart, each ended by a short page.
        "woocommerce GET orders": walk_requests(o["orders_read"] - o.get("orders_trashed", 0))
        + walk_requests(o.get("orders_trashed", 0)),
        "woocommerce GET refunds": math.ceil(o["new_refunds"] / REFUND_IDS_CHUNK),
        "qad GET browse items": item_lookups,
        "woocommerce POST orders/batch": math.ceil(o["markers_written"] / WOO_BATCH_LIMIT),
        "qad POST oauth/token": 1,
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
