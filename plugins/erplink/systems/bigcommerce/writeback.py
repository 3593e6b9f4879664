"""Write-back: the ERP document number goes into an order metafield, for store staff and other apps to see.

Each marker is its own ledger record (entity ``order_marker``) and goes through the load protocol like any other
document, so a failed write-back is retried, and replayable, on its own. BigCommerce refuses a second metafield
with the same namespace and key on an order (409), and has no batch write for order metafields, so each write looks
for the order's metafield first and then creates it, changes its value, or leaves it as it is: repeating a write is
harmless, whichever step a crash interrupted.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from erplink.flows.context import FlowContext
from erplink.flows.order_markers import ORDER_MARKER as ORDER_MARKER
from erplink.flows.order_markers import queue_order_markers
from erplink.http.errors import ApiError
from erplink.ledger import LedgerRecord
from erplink.systems.bigcommerce.config import bigcommerce_store

MARKER_SCAN_STREAM = "bigcommerce.order_markers"
MARKERS_PER_CLAIM = 10  # each marker costs one or two requests of the store's shared quota
_CONFLICT = 409


def queue_markers(fc: FlowContext, *, keys: list[str] | None = None) -> int:
    """Queue a marker for every order that reached the ERP since the last scan, or for the orders ``keys`` names
    (see ``queue_order_markers``)."""
    return queue_order_markers(fc, scan_stream=MARKER_SCAN_STREAM, keys=keys)


class OrderMarkerTarget:
    """Writes each order's marker metafield; its target id is the metafield's id."""

    batch_limit = MARKERS_PER_CLAIM

    def __init__(self, fc: FlowContext):
        self._fc = fc
        section = bigcommerce_store(fc.tenant)
        self._namespace, self._key = section.reference_namespace, section.reference_key

    def reference(self, record: LedgerRecord) -> str:
        return f"{self._namespace}/{self._key}={record.payload['erp_reference']}"

    def write_many(self, items: Sequence[tuple[LedgerRecord, str]]) -> list[str | Exception]:
        """Write each order's marker; the metafield id is the target id, or the error the store gave that order."""
        outcomes: list[str | Exception] = []
        for record, _ in items:
            try:
                outcomes.append(self.write(int(record.key.source_id), str(record.payload["erp_reference"])))
            except ApiError as error:
                outcomes.append(error)
        return outcomes

    def write(self, order_id: int, value: str) -> str:
        """Find the order's marker metafield, then create it, or set its value when it differs."""
        existing = self._find(order_id)
        if existing is None:
            try:
                created = self._fc.store.create_order_metafield(
                    order_id, namespace=self._namespace, key=self._key, value=value
                )
                return str(created["id"])
            except ApiError as error:
                # Another writer created it between our look-up and our create: it is there now, so update it.
                if error.status != _CONFLICT or (existing := self._find(order_id)) is None:
                    raise
        if existing.get("value") != value:
            self._fc.store.update_order_metafield(order_id, int(existing["id"]), value=value)
        return str(existing["id"])

    def _find(self, order_id: int) -> Mapping[str, Any] | None:
        found = self._fc.store.order_metafields(order_id, namespace=self._namespace, key=self._key)
        return next((m for m in found if isinstance(m, Mapping) and m.get("id") is not None), None)
