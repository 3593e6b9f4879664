"""The ERP side of a reconciliation: QAD sales orders and credit memos, by external reference, with what QAD
holds for them (order total, tax of lines and charges, freight; a credit memo's amount).

Read as two lists filtered by ``modifiedSince`` the period's start (less a day for clocks that disagree): a
document filed for a store document of the period was created after that document, so every one of them is in
those lists, at two paged reads however many documents the period has.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from erplink.flows.context import FlowContext
from erplink.reconciliation import Amounts, ErpDocument
from erplink.windows import iso_seconds

CLOCK_MARGIN = timedelta(days=1)


def _money(value: Any) -> Decimal:
    try:
        return Decimal(str(value or "0"))
    except InvalidOperation:
        return Decimal(0)


def sales_order_amounts(order: dict[str, Any]) -> Amounts:
    lines, charges = order.get("lines") or [], order.get("charges") or []
    tax = sum((_money(line.get("taxAmount")) for line in lines), Decimal(0))
    tax += sum((_money(charge.get("taxAmount")) for charge in charges), Decimal(0))
    freight = sum((_money(charge.get("amount")) for charge in charges if charge.get("type") == "FREIGHT"), Decimal(0))
    return Amounts(total=_money(order.get("orderTotal")), tax=tax, shipping=freight)


def erp_documents(fc: FlowContext, since: datetime) -> dict[str, ErpDocument]:
    """Sales orders and credit memos modified since the period's start, by external reference."""
    modified_since = iso_seconds(since - CLOCK_MARGIN) + "Z"
    found: dict[str, ErpDocument] = {}
    for order in fc.erp.iter("sales-orders", modifiedSince=modified_since):
        if order.get("externalRef"):
            found.setdefault(order["externalRef"], ErpDocument(
                reference=order["externalRef"], number=str(order.get("orderNumber")),
                currency=str(order.get("currency")), amounts=sales_order_amounts(order),
                cancelled=order.get("status") == "CANCELLED",
            ))  # fmt: skip
    for memo in fc.erp.iter("credit-memos", modifiedSince=modified_since):
        if memo.get("externalRef"):
            found.setdefault(memo["externalRef"], ErpDocument(
                reference=memo["externalRef"], number=str(memo.get("creditMemoNumber")),
                currency=str(memo.get("currency")), amounts=Amounts(total=_money(memo.get("amount"))),
            ))  # fmt: skip
    return found
