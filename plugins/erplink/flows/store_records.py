"""Where a store side keeps its orders, refunds and payments in the ledger: an order under its id, a refund under
``<order id>-<refund id>``, a payment under ``<order id>-<transaction id>``. Every store side uses these keys, so an
ERP side finds a store's documents the same way whichever store it is.
"""

from __future__ import annotations

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
