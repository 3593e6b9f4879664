"""QAD ↔ WooCommerce: the steps the tenant's DAGs run, each callable without Airflow.

orders DAG: window → webhook health → extract (orders + refunds + inbox → ledger) → load orders → load refunds
→ write-back markers. catalog DAG: push QAD items, prices and stock to the store.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from erplink.flows.context import FlowContext
from erplink.flows.dry_run import plan_orders
from erplink.flows.qad_targets import (
    WAITING_FOR_ORDER,
    CreditMemoTarget,
    CustomerDirectory,
    ItemCatalog,
    SalesOrderTarget,
)
from erplink.flows.report import log_pickup
from erplink.flows.woo_extract import ORDER, REFUND, extract_orders, order_key
from erplink.flows.woo_writeback import ORDER_MARKER, OrderMarkerTarget, queue_markers
from erplink.ledger.ledger import utc_now as _now
from erplink.load.protocol import LoadProtocol
from erplink.windows import Watermark, Window, WindowPolicy, parse_timestamp, window_for_run

ORDERS_STREAM = "woocommerce.orders"


class RecordsFailed(RuntimeError):
    """Some records failed for a transient reason: the task fails so that Airflow's retry (or a clear) re-runs
    it. The retry takes those records again, with every other pending or failed record of the tenant, and its
    log lists them."""


def order_window(
    fc: FlowContext,
    *,
    params: dict[str, Any],
    data_interval_start: datetime | None,
    data_interval_end: datetime | None,
    outage_since: str | None = None,
    backfill: bool = False,
    now: datetime | None = None,
) -> tuple[Window, Watermark | None, bool]:
    """The window of this run, the watermark it continues from, and whether it may move the watermark.

    Scheduled and asset-triggered runs continue from the watermark in the ledger (set by the previous extract,
    whose XCom carries the same value for people and tools to read); the first run reaches back
    `initial_lookback_days`. A manual run with `since`/`until` reads exactly that range, and a backfill run its
    data interval: neither moves the watermark, so they never make the regular runs skip or repeat anything.

    Why the ledger and not the prior extract's XCom (``ti.xcom_pull(task_ids="extract", include_prior_dates=True)``):
    - the ledger row is written in the same task, before the XCom, and only by runs that may move the watermark;
      a prior XCom may come from a manual range or a backfill, whose top says nothing about what lies before it;
    - Airflow orders prior XComs by ``logical_date``, which asset-triggered runs do not have: SQLite sorts those
      runs last and PostgreSQL first, so "the previous run" would depend on the metadata database; with more than
      one prior value the call returns a list instead of one value;
    - clearing a task deletes its XCom, and an XCom ahead of the ledger means the ledger was restored or replaced:
      continuing from the XCom would step over orders the current ledger never took in.
    Taking the later of the two can only skip orders; taking the earlier can only re-read what the ledger holds.
    """
    orders = fc.tenant.orders
    policy = WindowPolicy(overlap=timedelta(minutes=orders.overlap_minutes))
    now = now or _now()
    if params.get("since") or params.get("until"):
        return window_for_run(now=now, policy=policy, since=params.get("since"), until=params.get("until")), None, False
    if backfill:
        window = window_for_run(now=now, policy=policy, data_interval_start=data_interval_start,
                                data_interval_end=data_interval_end)
        return window, None, False
    stored = fc.ledger.get_watermark(fc.tenant.name, fc.integration, ORDERS_STREAM)
    previous = Watermark(stored.value, frozenset(stored.boundary_ids)) if stored else None
    if previous is None:
        start = now - timedelta(days=orders.initial_lookback_days)
        window = window_for_run(now=now, policy=policy, data_interval_start=start, data_interval_end=None)
    else:
        window = window_for_run(now=now, policy=policy, previous=previous)
    if outage_since and window.start is not None:
        # A webhook was down: read from when it may have stopped, whatever the watermark says.
        window = Window(min(window.start, parse_timestamp(outage_since)), window.end, window.boundary)
    return window, previous, True


def extract(fc: FlowContext, window: Window, previous: Watermark | None, *, order_ids: Iterable[int] | None = None,
            advance_watermark: bool = True) -> dict[str, Any]:
    if fc.dry_run:
        return plan_orders(fc, window, order_ids=order_ids)
    summary = extract_orders(fc, None if order_ids else window, order_ids=order_ids, previous=previous)
    mark = Watermark.from_dict(summary.watermark) if advance_watermark and not order_ids else None
    if mark is not None and (previous is None or mark.value >= previous.value):
        # The mirror of this task's XCom: the next run continues from here, even after downtime.
        fc.ledger.set_watermark(fc.tenant.name, fc.integration, ORDERS_STREAM, mark.value, mark.boundary_ids)
    return summary.to_dict()


def _run_protocol(fc: FlowContext, entity: str, adapter: Any, *, keys: list[str] | None = None) -> dict[str, Any]:
    protocol = LoadProtocol(fc.ledger, adapter, tenant=fc.tenant.name, integration=fc.integration, entity=entity,
                            ctx=fc.attempt, dry_run=fc.dry_run, max_workers=fc.tenant.load_threads)
    picked_up = log_pickup(fc, entity, protocol.waiting(keys=keys))
    summary = protocol.run(keys=keys)
    result = {**summary.to_dict(), "picked_up": picked_up}
    fc.log.info("%s load for %s: %s", entity, fc.tenant.name, {k: v for k, v in result.items() if k != "errors"})
    for error in summary.errors:
        fc.log.warning("%s", error)
    return result


def load_orders(fc: FlowContext, *, keys: list[str] | None = None) -> dict[str, Any]:
    items, customers = ItemCatalog(fc), CustomerDirectory(fc)
    # One item look-up for all SKUs of the pending orders instead of one per order.
    pending_skus = {line.get("sku") for record in fc.ledger.records(
        tenant=fc.tenant.name, integration=fc.integration, entity=ORDER, statuses=("pending", "failed"), keys=keys)
        for line in record.payload.get("line_items") or [] if isinstance(line, dict)}
    items.prefetch(s for s in pending_skus if isinstance(s, str))
    return _run_protocol(fc, ORDER, SalesOrderTarget(fc, items, customers), keys=keys)


def release_waiting_refunds(fc: FlowContext) -> int:
    """Queue again the refunds parked because their order was not in QAD, where the order now is."""
    ready = []
    for record in fc.ledger.records(tenant=fc.tenant.name, integration=fc.integration, entity=REFUND,
                                    statuses=("skipped",)):
        if not (record.last_error or "").startswith(WAITING_FOR_ORDER):
            continue
        parent = fc.ledger.get(order_key(fc, int(record.payload["_order"]["id"])))
        if parent is not None and parent.target_id:
            ready.append(record.key)
    if not ready:
        return 0
    return fc.ledger.requeue(tenant=fc.tenant.name, integration=fc.integration, entity=REFUND, keys=ready,
                             statuses=("skipped",), ctx=fc.attempt)


def load_refunds(fc: FlowContext, *, keys: list[str] | None = None) -> dict[str, Any]:
    released = 0 if fc.dry_run else release_waiting_refunds(fc)
    result = _run_protocol(fc, REFUND, CreditMemoTarget(fc), keys=keys)
    result["released_waiting"] = released
    return result


def write_back(fc: FlowContext) -> dict[str, Any]:
    if fc.dry_run:
        return {"dry_run": True}
    queued = queue_markers(fc)
    result = _run_protocol(fc, ORDER_MARKER, OrderMarkerTarget(fc))
    result["queued"] = queued
    return result


def raise_for_failures(*results: dict[str, Any]) -> None:
    failed = sum(int(r.get("failed", 0)) for r in results)
    if failed:
        raise RecordsFailed(f"{failed} record(s) failed for a transient reason and stay queued; the task's retry "
                            "(or clearing it) loads them again, with any other pending or failed record of the "
                            "tenant, and lists them in its log")
