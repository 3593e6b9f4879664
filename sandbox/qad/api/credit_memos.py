"""Credit memos against a sales order, never for more than the order's total less earlier credit memos."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query

from sandbox.qad.api.dependencies import Authenticated, Tenant
from sandbox.qad.api.sales_orders import credited_amount
from sandbox.qad.api.wire import Code, CurrencyCode, ExternalRef, RequestBody, Text, Timestamp, WireModel
from sandbox.qad.decimals import NonNegativeMoney, PositiveMoney, PositiveQuantity, format_money, format_quantity
from sandbox.qad.errors import QadError, error_responses, found, validation_failed
from sandbox.qad.listing import Page, PageRequest, page_request, paginate
from sandbox.qad.tenant import Document, TenantStore, snapshot

router = APIRouter(prefix="/api/erp/v1/credit-memos", dependencies=[Authenticated], tags=["credit-memos"])


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


class CreditMemo(WireModel):
    credit_memo_number: Code
    external_ref: str
    sales_order: Code
    reason: str | None = None
    currency: CurrencyCode
    amount: PositiveMoney
    lines: list[CreditMemoLine]
    created_at: Timestamp
    modified_at: Timestamp


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


@router.get("", response_model=Page[CreditMemo], responses=error_responses(400, 401))
async def list_credit_memos(
    tenant: Tenant,
    page: Annotated[PageRequest, Depends(page_request)],
    external_ref: Annotated[str | None, Query(alias="externalRef")] = None,
    sales_order: Annotated[str | None, Query(alias="salesOrder")] = None,
) -> dict[str, Any]:
    with tenant.lock:
        return paginate(
            tenant.credit_memos.values() if external_ref is None else tenant.credit_memos.with_reference(external_ref),
            page,
            identity=lambda memo: (memo["creditMemoNumber"],),
            matches=lambda memo: (external_ref is None or memo["externalRef"] == external_ref)
            and (sales_order is None or memo["salesOrder"] == sales_order),
        )


@router.get("/{creditMemoNumber}", response_model=CreditMemo, responses=error_responses(401, 404))
async def get_credit_memo(
    tenant: Tenant, credit_memo_number: Annotated[str, Path(alias="creditMemoNumber")]
) -> dict[str, Any]:
    with tenant.lock:
        return snapshot(found(tenant.credit_memos, credit_memo_number, "credit memo"))


@router.post("", status_code=201, response_model=CreditMemo, responses=error_responses(400, 401, 409, 422))
async def create_credit_memo(tenant: Tenant, body: CreditMemoCreate) -> dict[str, Any]:
    with tenant.lock:
        return snapshot(add_credit_memo(tenant, body))


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
