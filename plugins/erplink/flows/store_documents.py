"""The part of a store side's documents (``erplink.sides.StoreDocuments``) that every store answers the same way.

Every store side keeps its orders and refunds under the same ledger keys (``erplink.flows.store_records``), names
an order's refund's order in the refund's ``_order`` part, and gives its documents references of one shape with its
own prefix (``erplink.mappings.references``). A store side subclasses this, names its prefix, and adds what is its
own: statuses, the mapping of its documents, and where its write-back marker is kept.
"""

from __future__ import annotations

from typing import ClassVar

from erplink.flows.context import FlowContext
from erplink.flows.store_records import order_key
from erplink.ledger import LedgerRecord, RecordKey
from erplink.mappings.references import order_reference, refund_reference


class LedgerStoreDocuments:
    """A store's orders and refunds in the ledger, for one flow."""

    reference_prefix: ClassVar[str]
    """The store system's prefix of the references its documents get in an ERP."""

    def __init__(self, fc: FlowContext) -> None:
        self._fc = fc

    def order_key(self, order_id: int) -> RecordKey:
        return order_key(self._fc, order_id)

    def order_reference(self, record: LedgerRecord) -> str:
        return order_reference(self.reference_prefix, self._fc.tenant.store.store_key, int(record.key.source_id))

    def refund_reference(self, record: LedgerRecord) -> str:
        order_id, refund_id = (int(part) for part in record.key.source_id.split("-"))
        return refund_reference(self.reference_prefix, self._fc.tenant.store.store_key, order_id, refund_id)

    def refund_order_id(self, record: LedgerRecord) -> int:
        return int(record.payload["_order"]["id"])
