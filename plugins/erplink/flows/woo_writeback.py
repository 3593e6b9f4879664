"""Write-back: the QAD sales order number goes into the Woo order's meta_data, for store staff to see.

Each marker is its own ledger record (entity ``order_marker``) and goes through the load protocol like any
other document, so a failed write-back is retried, and replayable, on its own. The write is a PUT of one
meta_data key: repeating it is harmless, so there is nothing to look up before writing.
"""

from __future__ import annotations

from datetime import timedelta

from erplink.flows.context import FlowContext
from erplink.flows.woo_extract import ORDER
from erplink.ledger import LedgerRecord, RecordKey, Status
from erplink.ledger.ledger import utc_now

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
    for record in fc.ledger.records(tenant=fc.tenant.name, integration=fc.integration, entity=ORDER,
                                    statuses=(Status.DONE,), since=last.value if last else None):
        if not record.target_id:
            continue
        key = RecordKey(fc.tenant.name, fc.integration, ORDER_MARKER, record.key.source_id)
        fc.ledger.upsert_source(key, payload={"erp_reference": record.target_id}, source_modified=None,
                                run_id=fc.attempt.run_id)
        queued += 1
    # Rows finishing while we scanned are seen again next time (a re-queue of an unchanged marker is a no-op).
    fc.ledger.set_watermark(fc.tenant.name, fc.integration, MARKER_SCAN_STREAM, started - SCAN_OVERLAP)
    return queued


class OrderMarkerTarget:
    def __init__(self, fc: FlowContext):
        self._fc = fc

    def reference(self, record: LedgerRecord) -> str:
        return f"{self._fc.tenant.store.reference_meta_key}={record.payload['erp_reference']}"

    def find(self, reference: str) -> str | None:
        return None  # an idempotent PUT: writing again costs less than reading first

    def create(self, record: LedgerRecord, reference: str) -> str:
        order_id = int(record.key.source_id)
        self._fc.store.update_order_meta(order_id, self._fc.tenant.store.reference_meta_key,
                                         record.payload["erp_reference"])
        return str(order_id)

    def update(self, record: LedgerRecord, target_id: str) -> str | None:
        return self.create(record, "")
