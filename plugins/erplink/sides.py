"""What one side of an integration reads of the other: here, the store side's documents as an ERP side needs them.

An ERP system's load targets work on the ledger's records of store documents without knowing which store wrote
them: the integration hands them the store system's ``StoreDocuments``, bound to one flow (one tenant), which
turns a record into a canonical document, names its ledger key and its external reference in the ERP, and says
which store statuses mean what.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from erplink.ledger.models import LedgerRecord, RecordKey
    from erplink.models import Order, Refund


class StoreDocuments(Protocol):
    """The store side's orders and refunds, as the ledger keeps them, for an ERP side's load targets.

    Every reading method raises ``MappingError`` (naming the record and the field) for a document it cannot read.
    """

    # Read-only properties, so a store side may declare them as class constants of any collection type.
    @property
    def always_sold_statuses(self) -> Collection[str]:
        """Store statuses that keep an order a sale whatever the tenant lists (a fully refunded order was sold
        first)."""
        ...

    @property
    def cancelled_statuses(self) -> Collection[str]:
        """Store statuses that cancel an order the ERP already holds."""
        ...

    def order_key(self, order_id: int) -> RecordKey:
        """The ledger key of the store order ``order_id``."""
        ...

    def order_reference(self, record: LedgerRecord) -> str:
        """The external reference the ERP files the order of ``record`` under."""
        ...

    def order_status(self, record: LedgerRecord) -> str | None:
        """The store's status of the order, read without mapping it (None when it is not text)."""
        ...

    def order(self, record: LedgerRecord) -> Order:
        """The canonical order of ``record``."""
        ...

    def erp_reference_in_marker(self, record: LedgerRecord) -> str | None:
        """The ERP document number the store order's write-back marker names; None when it carries none."""
        ...

    def refund_reference(self, record: LedgerRecord) -> str:
        """The external reference the ERP files the refund of ``record`` under."""
        ...

    def refund_order_id(self, record: LedgerRecord) -> int:
        """The id of the store order the refund of ``record`` gives money back on."""
        ...

    def refund(self, record: LedgerRecord, order_payload: Mapping[str, Any]) -> Refund:
        """The canonical refund of ``record``, read with the payload of its order as the ledger keeps it."""
        ...

    def order_line_skus(self, order_payload: Mapping[str, Any]) -> Mapping[int, str]:
        """Order line id → SKU ("" when blank) of a stored order payload: what a refund line refunds."""
        ...
