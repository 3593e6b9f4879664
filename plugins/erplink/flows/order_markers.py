"""Queueing the write-back markers: every order that reached the ERP gets one, as its own ledger record.

Each marker (entity ``order_marker``, the order's source id, the ERP reference as payload) goes through the load
protocol like any other document, so a failed write-back is retried, and replayable, on its own. How a marker is
written into the order is the store's own (its side's ``OrderMarkerTarget``); which orders get one is the same for
every store.
"""

from __future__ import annotations

from datetime import timedelta

from erplink.flows.context import FlowContext
from erplink.flows.store_records import ORDER
from erplink.ledger import RecordKey, Status
from erplink.ledger.ledger import utc_now

ORDER_MARKER = "order_marker"
SCAN_OVERLAP = timedelta(minutes=1)


def queue_order_markers(fc: FlowContext, *, scan_stream: str, keys: list[str] | None = None) -> int:
    """Queue a marker for every order that reached the ERP (created, linked or updated) since the last scan; with
    ``keys`` (order source ids), for those orders only, whenever they reached it.

    The scan's own high-water mark lives in the ledger under ``scan_stream``, so an order finished by a run that
    crashed before its write-back step is still picked up by the next run. A scan of chosen orders leaves that mark
    alone: it did not look at the others, which the next full scan must still see.
    """
    started = utc_now()
    last = None if keys is not None else fc.ledger.get_watermark(fc.tenant.name, fc.integration, scan_stream)
    queued = 0
    for record in fc.ledger.records(
        tenant=fc.tenant.name,
        integration=fc.integration,
        entity=ORDER,
        statuses=(Status.DONE,),
        keys=keys,
        since=last.value if last else None,
    ):
        if not record.target_id:
            continue
        key = RecordKey(fc.tenant.name, fc.integration, ORDER_MARKER, record.key.source_id)
        fc.ledger.upsert_source(
            key, payload={"erp_reference": record.target_id}, source_modified=None, run_id=fc.attempt.run_id
        )
        queued += 1
    if keys is None:
        # Rows finishing while we scanned are seen again next time (a re-queue of an unchanged marker is a no-op).
        fc.ledger.set_watermark(fc.tenant.name, fc.integration, scan_stream, started - SCAN_OVERLAP)
    return queued
