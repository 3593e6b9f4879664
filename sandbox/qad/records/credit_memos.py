"""Credit memos against a sales order, never for more than the order's total less earlier credit memos."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from sandbox.qad.decimals import NonNegativeMoney, PositiveMoney, PositiveQuantity, format_money, format_quantity
from sandbox.qad.errors import QadError, validation_failed
from sandbox.qad.records.sales_orders import credited_amount
from sandbox.qad.records.wire import Code, CurrencyCode, ExternalRef, RequestBody, Text
from sandbox.qad.tenant import Document, TenantStore


class CreditMemoLine(RequestBody):
    item_number: Code
    quantity: PositiveQuantity
    amount: NonNegativeMoney
    restock: bool = False


class CreditMemoCreate(RequestBody):
    external_ref: ExternalRef
    sales_order: Code
    reason: Text | None = None
    currency: CurrencyCode
    amount: PositiveMoney
    lines: list[CreditMemoLine] = []


def _credited_quantities(tenant: TenantStore, order_number: str) -> dict[str, Decimal]:
    credited: dict[str, Decimal] = defaultdict(Decimal)
    for memo in tenant.credit_memos.values():
        if memo["salesOrder"] == order_number:
            for line in memo["lines"]:
                credited[line["itemNumber"]] += Decimal(line["quantity"])
    return credited


def _check_lines(tenant: TenantStore, order: Document, body: CreditMemoCreate) -> None:
    """Each line names an item of the order, for no more than was ordered less what was already credited."""
    ordered: dict[str, Decimal] = defaultdict(Decimal)
    for line in order["lines"]:
        ordered[line["itemNumber"]] += Decimal(line["quantity"])
    not_on_order = [
        {"line": position, "itemNumber": line.item_number}
        for position, line in enumerate(body.lines, start=1)
        if line.item_number not in ordered
    ]
    if not_on_order:
        names = ", ".join(f"line {entry['line']} ({entry['itemNumber']})" for entry in not_on_order)
        raise QadError(422, "UNKNOWN_ITEM", f"items not on sales order {order['orderNumber']}: {names}", not_on_order)
    requested: dict[str, Decimal] = defaultdict(Decimal)
    for line in body.lines:
        requested[line.item_number] += Decimal(line.quantity)
    credited = _credited_quantities(tenant, order["orderNumber"])
    over = [
        {"itemNumber": item, "ordered": format_quantity(ordered[item]), "credited": format_quantity(credited[item]),
         "requested": format_quantity(quantity)}
        for item, quantity in requested.items()
        if credited[item] + quantity > ordered[item]
    ]
    if over:
        raise QadError(422, "CREDIT_EXCEEDS_ORDER", "credited quantity exceeds the ordered quantity", over)
    if sum((Decimal(line.amount) for line in body.lines), Decimal(0)) > Decimal(body.amount):
        raise validation_failed("lines", "line amounts add up to more than the credit memo amount")


def add_credit_memo(tenant: TenantStore, body: CreditMemoCreate) -> Document:
    """Check and store a credit memo; the caller holds the tenant's lock."""
    order = tenant.sales_orders.get(body.sales_order)
    if order is None:
        raise QadError(
            422,
            "UNKNOWN_SALES_ORDER",
            f"sales order {body.sales_order} does not exist",
            [{"salesOrder": body.sales_order}],
        )
    if order["status"] == "CANCELLED":
        raise QadError(409, "CONFLICT", f"sales order {body.sales_order} is cancelled; nothing to credit")
    if body.currency != order["currency"]:
        raise validation_failed("currency", f"must be the sales order's currency {order['currency']}")
    _check_lines(tenant, order, body)
    total, credited = Decimal(order["orderTotal"]), credited_amount(tenant, body.sales_order)
    if credited + Decimal(body.amount) > total:
        raise QadError(
            422,
            "CREDIT_EXCEEDS_ORDER",
            f"{body.amount} exceeds what remains to credit on {body.sales_order}",
            [{"orderTotal": format_money(total), "credited": format_money(credited), "requested": body.amount}],
        )
    now = tenant.now()
    memo: Document = {
        "creditMemoNumber": tenant.next_number("credit-memos"),
        **body.model_dump(by_alias=True, mode="json", exclude={"amount", "lines"}),
        "amount": format_money(Decimal(body.amount)),
        "lines": [
            {
                "itemNumber": line.item_number,
                "quantity": format_quantity(Decimal(line.quantity)),
                "amount": format_money(Decimal(line.amount)),
                "restock": line.restock,
            }
            for line in body.lines
        ],
        "createdAt": now,
        "modifiedAt": now,
    }
    tenant.credit_memos[memo["creditMemoNumber"]] = memo
    return memo
