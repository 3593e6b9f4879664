"""Sales orders as the tenant keeps them: their total, what was credited against them, their fulfilment."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from sandbox.qad.decimals import format_money
from sandbox.qad.errors import QadError, found, validation_failed
from sandbox.qad.tenant import Document, TenantStore

OrderStatus = Literal["OPEN", "SHIPPED", "INVOICED", "CLOSED", "CANCELLED"]
FULFILMENT_SEQUENCE: tuple[OrderStatus, ...] = ("OPEN", "SHIPPED", "INVOICED", "CLOSED")


def order_total(order: Document) -> Decimal:
    """Goods less discounts plus tax, plus charges and their tax, to the cent."""
    goods = sum(
        (
            Decimal(line["quantity"]) * Decimal(line["unitPrice"])
            - Decimal(line["discountAmount"])
            + Decimal(line["taxAmount"])
            for line in order["lines"]
        ),
        Decimal(0),
    )
    charges = sum((Decimal(c["amount"]) + Decimal(c["taxAmount"]) for c in order["charges"]), Decimal(0))
    return Decimal(format_money(goods + charges))


def credited_amount(tenant: TenantStore, order_number: str) -> Decimal:
    return sum(
        (Decimal(memo["amount"]) for memo in tenant.credit_memos.values() if memo["salesOrder"] == order_number),
        Decimal(0),
    )


def move_status(tenant: TenantStore, order_number: str, status: str) -> Document:
    """Advance an order along OPEN → SHIPPED → INVOICED → CLOSED, as fulfilment and billing do on the ERP.

    Steps may be skipped but never reversed, and a cancelled order stays cancelled. The caller holds the lock.
    """
    order = found(tenant.sales_orders, order_number, "sales order")
    if status not in FULFILMENT_SEQUENCE[1:]:
        raise validation_failed("status", f"must be one of {', '.join(FULFILMENT_SEQUENCE[1:])}")
    current = order["status"]
    if current == "CANCELLED" or FULFILMENT_SEQUENCE.index(status) <= FULFILMENT_SEQUENCE.index(current):
        raise QadError(409, "CONFLICT", f"sales order {order_number} cannot move from {current} to {status}")
    order.update(status=status, modifiedAt=tenant.now())
    return order
