"""Steps every integration's flows share: the window of an orders run and its watermark, a load through the
protocol, the refunds released once their order is in the ERP, the write-back, and the failure that makes Airflow
retry a load task."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any

from erplink.flows.context import FlowContext
from erplink.flows.report import log_pickup
from erplink.ledger.ledger import utc_now as _now
from erplink.ledger.models import LedgerRecord
from erplink.load.adapter import TargetAdapter
from erplink.load.protocol import LoadProtocol
from erplink.sides import StoreDocuments
from erplink.windows import Watermark, Window, WindowPolicy, parse_timestamp, window_for_run


class RecordsFailed(RuntimeError):
    """Some records failed for a transient reason: the task fails so that Airflow's retry (or a clear) re-runs
    it. The retry takes those records again, with every other pending or failed record of the tenant (in a run for
    chosen orders, of those orders), and its log lists them."""


def order_window(
    fc: FlowContext,
    *,
    stream: str,
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
        window = window_for_run(
            now=now, policy=policy, data_interval_start=data_interval_start, data_interval_end=data_interval_end
        )
        return window, None, False
    stored = fc.ledger.get_watermark(fc.tenant.name, fc.integration, stream)
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


def run_protocol(
    fc: FlowContext, entity: str, adapter: TargetAdapter, *, keys: list[str] | None = None
) -> dict[str, Any]:
    protocol = LoadProtocol(
        fc.ledger,
        adapter,
        tenant=fc.tenant.name,
        integration=fc.integration,
        entity=entity,
        ctx=fc.attempt,
        dry_run=fc.dry_run,
        max_workers=fc.tenant.load_threads,
    )
    picked_up = log_pickup(fc, entity, protocol.waiting(keys=keys), chosen=keys is not None)
    summary = protocol.run(keys=keys)
    result = {**summary.to_dict(), "picked_up": picked_up}
    fc.log.info("%s load for %s: %s", entity, fc.tenant.name, {k: v for k, v in result.items() if k != "errors"})
    for error in summary.errors:
        fc.log.warning("%s", error)
    return result


def raise_for_failures(*results: dict[str, Any]) -> None:
    failed = sum(int(r.get("failed", 0)) for r in results)
    if failed:
        raise RecordsFailed(
            f"{failed} record(s) failed for a transient reason and stay queued; the task's retry "
            "(or clearing it) loads them again, with any other pending or failed record of the "
            "tenant (in a run for chosen orders, of those orders), and lists them in its log"
        )


def extract(
    fc: FlowContext,
    read: Callable[..., Any],
    *,
    stream: str,
    window: Window,
    previous: Watermark | None,
    order_ids: Iterable[int] | None = None,
    advance_watermark: bool = True,
) -> dict[str, Any]:
    """The extract step: ``read`` the window's store documents (or only ``order_ids``) into the ledger, then keep
    the new watermark of ``stream`` unless the run may not move it (a manual range, a backfill, chosen orders).

    ``read(fc, window, order_ids=..., previous=...)`` is the store side's extract; it returns a summary with
    ``watermark`` and ``to_dict()``, the task's XCom.
    """
    summary = read(fc, None if order_ids else window, order_ids=order_ids, previous=previous)
    if advance_watermark and not order_ids:
        commit_watermark(fc, stream, summary.watermark, previous)
    result: dict[str, Any] = summary.to_dict()
    return result


def commit_watermark(
    fc: FlowContext, stream: str, watermark: dict[str, Any] | None, previous: Watermark | None
) -> None:
    """Keep the extract's new high-water mark in the ledger (the mirror of the task's XCom), so the next run, or the
    first after downtime, continues from it; never behind the one the run started from."""
    mark = Watermark.from_dict(watermark) if watermark else None
    if mark is not None and (previous is None or mark.value >= previous.value):
        fc.ledger.set_watermark(fc.tenant.name, fc.integration, stream, mark.value, mark.boundary_ids)


def pending_line_skus(
    fc: FlowContext, documents: StoreDocuments, *, entity: str, keys: list[str] | None = None
) -> set[str]:
    """The SKUs of every order a load of ``entity`` would take now: one ERP item look-up for all of them instead of
    one per order. What is not text is left out: a malformed order is refused by its mapping, not looked up."""
    records = fc.ledger.records(
        tenant=fc.tenant.name, integration=fc.integration, entity=entity, statuses=("pending", "failed"), keys=keys
    )
    return {
        sku
        for record in records
        for sku in documents.order_line_skus(record.payload).values()
        if isinstance(sku, str) and sku
    }


def release_waiting_refunds(
    fc: FlowContext,
    documents: StoreDocuments,
    *,
    entity: str,
    waiting: str,
    order_id_of: Callable[[LedgerRecord], int] | None = None,
    keys: list[str] | None = None,
) -> int:
    """Queue again the refunds (``entity``; or any records whose order ``order_id_of`` names, such as payments)
    parked with a reason starting ``waiting`` because their order was not in the ERP yet, where the order now is
    (only ``keys``, source ids, when given); returns how many."""
    order_id_of = order_id_of or documents.refund_order_id
    ready = []
    for record in fc.ledger.records(
        tenant=fc.tenant.name, integration=fc.integration, entity=entity, statuses=("skipped",), keys=keys
    ):
        # The stored reason names the record first (see ``describe_failure``): "<key>: waits for its order ...".
        if not (record.last_error or "").removeprefix(f"{record.key}: ").startswith(waiting):
            continue
        parent = fc.ledger.get(documents.order_key(order_id_of(record)))
        if parent is not None and parent.target_id:
            ready.append(record.key)
    if not ready:
        return 0
    return fc.ledger.requeue(
        tenant=fc.tenant.name,
        integration=fc.integration,
        entity=entity,
        keys=ready,
        statuses=("skipped",),
        ctx=fc.attempt,
    )


def load_refunds(
    fc: FlowContext,
    documents: StoreDocuments,
    target: TargetAdapter,
    *,
    entity: str,
    waiting: str,
    keys: list[str] | None = None,
) -> dict[str, Any]:
    """The refunds load: first the refunds that waited for their order (see ``release_waiting_refunds``), then
    every pending one through the protocol (both only ``keys``, source ids, when given)."""
    released = 0 if fc.dry_run else release_waiting_refunds(fc, documents, entity=entity, waiting=waiting, keys=keys)
    result = run_protocol(fc, entity, target, keys=keys)
    result["released_waiting"] = released
    return result


def write_back(
    fc: FlowContext, *, entity: str, queue: Callable[..., int], target: TargetAdapter, keys: list[str] | None = None
) -> dict[str, Any]:
    """The write-back step: ``queue`` the ERP references to write into the store's documents (``entity`` records),
    then write them through the protocol; with ``keys`` (source ids of orders), only those orders' markers: ``queue``
    is then called as ``queue(fc, keys=keys)``. A dry run writes nothing, so it plans nothing here either."""
    if fc.dry_run:
        return {"dry_run": True}
    queued = queue(fc) if keys is None else queue(fc, keys=keys)
    result = run_protocol(fc, entity, target, keys=keys)
    result["queued"] = queued
    return result
