"""Write-back: the QAD sales order number goes into the Woo order's meta_data, for store staff to see.

Each marker is its own ledger record (entity ``order_marker``) and goes through the load protocol like any
other document, so a failed write-back is retried, and replayable, on its own. The write sets one meta_data
key: repeating it is harmless, so there is nothing to look up before writing, and up to 100 markers go in one
``POST orders/batch`` request, each with its own outcome.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from erplink.flows.context import FlowContext
from erplink.ledger import LedgerRecord, RecordKey, Status
from erplink.ledger.ledger import utc_now
from erplink.systems.woocommerce.config import woocommerce_store
from erplink.systems.woocommerce.extract import ORDER
from erplink.systems.woocommerce.hooks.woocommerce import WOO_BATCH_LIMIT

ORDER_MARKER = "order_marker"
MARKER_SCAN_STREAM = "woocommerce.order_markers"
SCAN_OVERLAP = timedelta(minutes=1)


def queue_markers(fc: FlowContext) -> int:
    """Queue a marker for every order that reached QAD (created, linked or updated) since the last scan.

    The scan's own high-water mark lives in the ledger, so an order finished by a run that crashed before
    its write-back step is still picked up by the next run.
    """
    started = utc_now()
    last = fc.ledger.get_watermark(fc.tenant.name, fc.integration, MARKER_SCAN_STREAM)
    queued = 0
    for record in fc.ledger.records(
        tenant=fc.tenant.name,
        integration=fc.integration,
        entity=ORDER,
        statuses=(Status.DONE,),
        since=last.value if last else None,
    ):
        if not record.target_id:
            continue
        key = RecordKey(fc.tenant.name, fc.integration, ORDER_MARKER, record.key.source_id)
        fc.ledger.upsert_source(
            key, payload={"erp_reference": record.target_id}, source_modified=None, run_id=fc.attempt.run_id
        )
        queued += 1
    # Rows finishing while we scanned are seen again next time (a re-queue of an unchanged marker is a no-op).
    fc.ledger.set_watermark(fc.tenant.name, fc.integration, MARKER_SCAN_STREAM, started - SCAN_OVERLAP)
    return queued


class OrderMarkerTarget:
    batch_limit = WOO_BATCH_LIMIT

    def __init__(self, fc: FlowContext):
        self._fc = fc

    def reference(self, record: LedgerRecord) -> str:
        return f"{woocommerce_store(self._fc.tenant).reference_meta_key}={record.payload['erp_reference']}"

    def write_many(self, items: Sequence[tuple[LedgerRecord, str]]) -> list[str | Exception]:
        """Write each order's marker; the order id is the target id, or the error the store gave that order."""
        values = {int(record.key.source_id): record.payload["erp_reference"] for record, _ in items}
        refused = self._fc.store.set_orders_meta(woocommerce_store(self._fc.tenant).reference_meta_key, values)
        return [refused[int(record.key.source_id)] or record.key.source_id for record, _ in items]
