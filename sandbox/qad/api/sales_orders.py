"""Sales orders: create against active items and a known customer, amend or cancel while OPEN."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query
from pydantic import AwareDatetime, Field, StringConstraints, ValidationInfo, field_validator, model_validator

from sandbox.qad.api.wire import (
    Address,
    Code,
    CurrencyCode,
    ExternalRef,
    RequestBody,
    Text,
    Timestamp,
    WireModel,
)
from sandbox.qad.api.dependencies import Authenticated, Tenant
from sandbox.qad.decimals import Money, NonNegativeMoney, PositiveQuantity, format_money, format_quantity
from sandbox.qad.errors import QadError, error_responses, found, validation_failed
from sandbox.qad.listing import Page, PageRequest, page_request, paginate
from sandbox.qad.tenant import Document, TenantStore, snapshot
from sandbox.qad.timestamps import format_timestamp

router = APIRouter(prefix="/api/erp/v1/sales-orders", dependencies=[Authenticated], tags=["sales-orders"])

OrderStatus = Literal["OPEN", "SHIPPED", "INVOICED", "CLOSED", "CANCELLED"]
FULFILMENT_SEQUENCE: tuple[OrderStatus, ...] = ("OPEN", "SHIPPED", "INVOICED", "CLOSED")
Notes = Annotated[str, StringConstraints(max_length=2000)]


class SalesOrderLine(RequestBody):
    line: Annotated[int, Field(ge=1, strict=True)]
    item_number: Code
    quantity: PositiveQuantity
    unit_price: NonNegativeMoney
    discount_amount: NonNegativeMoney = "0.00"
    tax_amount: NonNegativeMoney = "0.00"


class Charge(RequestBody):
    type: Literal["FREIGHT", "FEE"]
    description: Text | None = None
    # A fee may be negative (stores book some discounts as negative fees); freight may not.
    amount: Money
    tax_amount: NonNegativeMoney = "0.00"

    @field_validator("amount")
    @classmethod
    def _freight_not_negative(cls, amount: str, info: ValidationInfo) -> str:
        if info.data.get("type") == "FREIGHT" and Decimal(amount) < 0:
            raise ValueError("freight cannot be negative")
        return amount


def _distinct_line_numbers(lines: list[SalesOrderLine]) -> list[SalesOrderLine]:
    numbers = [line.line for line in lines]
    if len(numbers) != len(set(numbers)):
        raise ValueError("line numbers must be unique")
    return lines


OrderLines = Annotated[list[SalesOrderLine], Field(min_length=1, max_length=999)]


class SalesOrderCreate(RequestBody):
    external_ref: ExternalRef
    customer_code: Code
    site: Code
    currency: CurrencyCode
    order_date: AwareDatetime
    customer_po: Text | None = None
    ship_to: Address | None = None
    lines: OrderLines
    charges: list[Charge] = []
    notes: Notes | None = None

    @field_validator("lines")
    @classmethod
    def _lines_distinct(cls, lines: list[SalesOrderLine]) -> list[SalesOrderLine]:
        return _distinct_line_numbers(lines)


class SalesOrderPatch(RequestBody):
    """The fields a client may amend while the order is OPEN; `lines` and `charges` replace the old ones."""

    customer_po: Text | None = None
    ship_to: Address | None = None
    lines: OrderLines | None = None
    charges: list[Charge] | None = None
    notes: Notes | None = None

    @field_validator("lines", "charges", mode="before")
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        if value is None:
            raise ValueError("cannot be null; send a list")
        return value

    @field_validator("lines")
    @classmethod
    def _lines_distinct(cls, lines: list[SalesOrderLine]) -> list[SalesOrderLine]:
        return _distinct_line_numbers(lines)

    @model_validator(mode="after")
    def _changes_something(self) -> SalesOrderPatch:
        if not self.model_fields_set:
            raise ValueError("the patch changes no field")
        return self


class SalesOrder(WireModel):
    order_number: Code
    status: OrderStatus
    external_ref: str
    customer_code: Code
    site: Code
    currency: CurrencyCode
    order_date: Timestamp
    customer_po: str | None = None
    ship_to: Address | None = None
    lines: list[SalesOrderLine]
    charges: list[Charge]
    notes: str | None = None
    order_total: Money
    created_at: Timestamp
    modified_at: Timestamp


def _normalized_lines(lines: list[SalesOrderLine]) -> list[Document]:
    return [
        {
            "line": line.line,
            "itemNumber": line.item_number,
            "quantity": format_quantity(Decimal(line.quantity)),
            "unitPrice": format_money(Decimal(line.unit_price)),
            "discountAmount": format_money(Decimal(line.discount_amount)),
            "taxAmount": format_money(Decimal(line.tax_amount)),
        }
        for line in sorted(lines, key=lambda line: line.line)
    ]


def _normalized_charges(charges: list[Charge]) -> list[Document]:
    return [
        {
            "type": charge.type,
            "description": charge.description,
            "amount": format_money(Decimal(charge.amount)),
            "taxAmount": format_money(Decimal(charge.tax_amount)),
        }
        for charge in charges
    ]


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


def _check_items(tenant: TenantStore, lines: list[SalesOrderLine]) -> None:
    bad = [
        {"line": line.line, "itemNumber": line.item_number}
        for line in sorted(lines, key=lambda line: line.line)
        if tenant.items.get(line.item_number, {}).get("status") != "ACTIVE"
    ]
    if bad:
        names = ", ".join(f"line {entry['line']} ({entry['itemNumber']})" for entry in bad)
        raise QadError(422, "UNKNOWN_ITEM", f"unknown or inactive items: {names}", bad)


def _open_order(tenant: TenantStore, order_number: str) -> Document:
    order = found(tenant.sales_orders, order_number, "sales order")
    if order["status"] != "OPEN":
        raise QadError(409, "ORDER_NOT_OPEN", f"sales order {order_number} is {order['status']}, not OPEN")
    return order


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


@router.get("", response_model=Page[SalesOrder], responses=error_responses(400, 401))
async def list_sales_orders(
    tenant: Tenant,
    page: Annotated[PageRequest, Depends(page_request)],
    external_ref: Annotated[str | None, Query(alias="externalRef")] = None,
    customer_code: Annotated[str | None, Query(alias="customerCode")] = None,
    status: Annotated[OrderStatus | None, Query()] = None,
) -> dict[str, Any]:
    with tenant.lock:
        return paginate(
            tenant.sales_orders.values() if external_ref is None else tenant.sales_orders.with_reference(external_ref),
            page,
            identity=lambda order: (order["orderNumber"],),
            matches=lambda order: (external_ref is None or order["externalRef"] == external_ref)
            and (customer_code is None or order["customerCode"] == customer_code)
            and (status is None or order["status"] == status),
        )


@router.get("/{orderNumber}", response_model=SalesOrder, responses=error_responses(401, 404))
async def get_sales_order(tenant: Tenant, order_number: Annotated[str, Path(alias="orderNumber")]) -> dict[str, Any]:
    with tenant.lock:
        return snapshot(found(tenant.sales_orders, order_number, "sales order"))


@router.post("", status_code=201, response_model=SalesOrder, responses=error_responses(400, 401, 422))
async def create_sales_order(tenant: Tenant, body: SalesOrderCreate) -> dict[str, Any]:
    with tenant.lock:
        if body.customer_code not in tenant.customers:
            raise QadError(
                422,
                "UNKNOWN_CUSTOMER",
                f"customer {body.customer_code} does not exist",
                [{"customerCode": body.customer_code}],
            )
        if body.site not in tenant.sites:
            raise validation_failed("site", f"unknown site {body.site}")
        _check_items(tenant, body.lines)
        now = tenant.now()
        order: Document = {
            "orderNumber": tenant.next_number("sales-orders"),
            "status": "OPEN",
            **body.model_dump(by_alias=True, mode="json", exclude={"lines", "charges"}),
            "orderDate": format_timestamp(body.order_date),
            "lines": _normalized_lines(body.lines),
            "charges": _normalized_charges(body.charges),
            "createdAt": now,
            "modifiedAt": now,
        }
        order["orderTotal"] = format_money(order_total(order))
        tenant.sales_orders[order["orderNumber"]] = order
        return snapshot(order)


@router.patch("/{orderNumber}", response_model=SalesOrder, responses=error_responses(400, 401, 404, 409, 422))
async def amend_sales_order(
    tenant: Tenant, order_number: Annotated[str, Path(alias="orderNumber")], body: SalesOrderPatch
) -> dict[str, Any]:
    with tenant.lock:
        order = _open_order(tenant, order_number)
        changes = body.model_dump(by_alias=True, mode="json", include=body.model_fields_set - {"lines", "charges"})
        if body.lines is not None:
            _check_items(tenant, body.lines)
            changes["lines"] = _normalized_lines(body.lines)
        if body.charges is not None:
            changes["charges"] = _normalized_charges(body.charges)
        amended = {**order, **changes}
        new_total = order_total(amended)
        credited = credited_amount(tenant, order_number)
        if new_total < credited:
            raise QadError(
                409,
                "CONFLICT",
                f"the amended total {format_money(new_total)} is below the {format_money(credited)} already credited",
            )
        order.update(changes, orderTotal=format_money(new_total), modifiedAt=tenant.now())
        return snapshot(order)


@router.post("/{orderNumber}/cancel", response_model=SalesOrder, responses=error_responses(401, 404, 409))
async def cancel_sales_order(tenant: Tenant, order_number: Annotated[str, Path(alias="orderNumber")]) -> dict[str, Any]:
    with tenant.lock:
        order = _open_order(tenant, order_number)
        order.update(status="CANCELLED", modifiedAt=tenant.now())
        return snapshot(order)
