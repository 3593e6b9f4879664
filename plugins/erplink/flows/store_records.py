"""Where a store side keeps its orders, refunds and payments in the ledger: an order under its id, a refund under
``<order id>-<refund id>``, a payment under ``<order id>-<transaction id>``. Every store side uses these keys, so an
ERP side finds a store's documents the same way whichever store it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from erplink.flows.context import FlowContext
from erplink.ledger import RecordKey

ORDER = "order"
REFUND = "refund"
PAYMENT = "payment"


def order_key(fc: FlowContext, order_id: Any) -> RecordKey:
    return RecordKey(fc.tenant.name, fc.integration, ORDER, str(int(order_id)))


def refund_key(fc: FlowContext, order_id: Any, refund_id: Any) -> RecordKey:
    return RecordKey(fc.tenant.name, fc.integration, REFUND, f"{int(order_id)}-{int(refund_id)}")


def payment_key(fc: FlowContext, order_id: Any, transaction_id: Any) -> RecordKey:
    return RecordKey(fc.tenant.name, fc.integration, PAYMENT, f"{int(order_id)}-{int(transaction_id)}")


def usable_id(row: Any, field_name: str = "id") -> int | None:
    """The row's id when it is a positive integer; None otherwise (a JSON true is an int to Python: without the bool
    test it would be tracked as id 1)."""
    raw_id = row.get(field_name) if hasattr(row, "get") else None
    if isinstance(raw_id, bool) or not isinstance(raw_id, int) or raw_id < 1:
        return None
    return raw_id


@dataclass
class OrdersExtractSummary:
    """What an orders extract of a store side with payments did (its task's XCom)."""

    orders_read: int = 0
    orders_unchanged: int = 0
    orders_new: int = 0
    orders_changed: int = 0
    refunds_new: int = 0
    refunds_changed: int = 0
    payments_new: int = 0
    payments_changed: int = 0
    inbox_events: int = 0
    watermark: dict[str, Any] | None = None
    window: dict[str, str | None] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)
