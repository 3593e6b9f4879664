"""Write-back: the QAD sales order number goes into the Woo order's meta_data, for store staff to see.

Each marker is its own ledger record (entity ``order_marker``) and goes through the load protocol like any
other document, so a failed write-back is retried, and replayable, on its own. The write sets one meta_data
key: repeating it is harmless, so there is nothing to look up before writing, and up to 100 markers go in one
``POST orders/batch`` request, each with its own outcome.
"""

from __future__ import annotations

from collections.abc import Sequence

from erplink.flows.context import FlowContext
from erplink.flows.order_markers import ORDER_MARKER as ORDER_MARKER
from erplink.flows.order_markers import queue_order_markers
from erplink.ledger import LedgerRecord
from erplink.systems.woocommerce.config import woocommerce_store
from erplink.systems.woocommerce.hooks.woocommerce import WOO_BATCH_LIMIT

MARKER_SCAN_STREAM = "woocommerce.order_markers"


def queue_markers(fc: FlowContext, *, keys: list[str] | None = None) -> int:
    """Queue a marker for every order that reached the ERP since the last scan, or for the orders ``keys`` names
    (see ``queue_order_markers``)."""
    return queue_order_markers(fc, scan_stream=MARKER_SCAN_STREAM, keys=keys)


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
