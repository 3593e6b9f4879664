"""The stateful sales order line flow, as QAD's own clients drive it.

1. `GET {base}/api/erp/salesOrderLinesGrid?initialize=true&domainCode=&salesOrderNumber=` answers a new line
   with the server's defaults (`data.salesOrderLines[0]`); the client sets `salesOrderLine` (the line number).
2. `POST {base}/api/erp/salesOrderLines/fieldChange?fieldName=<f>&dataOperation=CREATE` per field (itemCode,
   siteCode, quantityOrdered, listPrice, discountFormatted, netPrice, dueDate), each time sending
   `{"salesOrderLines": [line]}` and taking back the line as the server defaulted it: the item fills
   `unitOfMeasure`, `description` and the list price of the order's currency; a price or discount recomputes the
   other two.
3. `POST {base}/api/erp/salesOrderLinesGrid` saves the lines (`dataOperation` C, U with the line's
   `concurrencyHash`, or D), all or none.
Without the item's field change a line has no unit of measure, and the grid refuses it: the flow cannot be
skipped. `GET salesOrderLinesGrid` without `initialize` answers the order's saved lines.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from sandbox.qad.records.sales_orders import credited_amount
from sandbox.qad.records.tenant_scope import Tenant
from sandbox.qad.errors import REST_BASE, QadError
from sandbox.qad.rest.access import QadCaller
from sandbox.qad.rest.documents import (
    Record,
    SubmitRefused,
    operation,
    posted_records,
    read_answer,
    refused,
    refused_answer,
    saved_answer,
    text,
)
from sandbox.qad.rest.sales_order_records import derive_lines, line_record
from sandbox.qad.rest.values import as_number, decimal, qad_date
from sandbox.qad.tenant import Document, TenantStore

router = APIRouter(prefix=f"{REST_BASE}/api/erp", include_in_schema=False)

PLURAL = "salesOrderLines"
NET_PRICE_PLACES = 5
FIELD_CHANGE_OPERATIONS = ("CREATE", "UPDATE")
_PERCENT = Decimal("0.01")


def _order(tenant: TenantStore, domain_code: str | None, number: str | None) -> Document:
    order = tenant.sales_orders.get(number or "") if domain_code == tenant.domain else None
    if order is None:
        raise QadError(404, "NOT_FOUND", f"Sales order {number} does not exist in domain {domain_code}")
    return order


def _percent(list_price: Decimal, net_price: Decimal) -> str:
    if list_price == 0:
        return "0.00%"
    return f"{((1 - net_price / list_price) * 100).quantize(_PERCENT, rounding=ROUND_HALF_UP)}%"


def _net(list_price: Decimal, discount_formatted: Any) -> Decimal:
    try:
        percent = Decimal(str(discount_formatted).strip().rstrip("%") or "0")
    except ArithmeticError:
        raise refused("discountFormatted", f"{discount_formatted!r} is not a percentage") from None
    if not percent.is_finite() or not Decimal(0) <= percent <= Decimal(100):
        raise refused("discountFormatted", "must be between 0% and 100%")
    step = Decimal(1).scaleb(-NET_PRICE_PLACES)
    return (list_price * (1 - percent / 100)).quantize(step, rounding=ROUND_HALF_UP)


def _active_item(tenant: TenantStore, code: Any) -> Document:
    item = tenant.items.get(code) if isinstance(code, str) else None
    if item is None:
        raise refused("itemCode", f"Item {code} does not exist")
    if item["status"] != "ACTIVE":
        raise refused("itemCode", f"Item {code} has status {item['status']}: restricted transaction")
    return item


def _changed(tenant: TenantStore, order: Document, line: Record, field: str) -> Record:
    """The line after the server's reaction to a change of `field`."""
    if field == "itemCode":
        item = _active_item(tenant, line.get("itemCode"))
        price = tenant.price_lists.get(order["currency"], {}).get(item["itemNumber"])
        list_price = Decimal(price["price"]) if price else Decimal(0)
        return {**line, "unitOfMeasure": item["uom"], "description": item["description"],
                "listPrice": as_number(list_price), "netPrice": as_number(list_price), "discountFormatted": "0.00%"}  # fmt: skip
    if field == "siteCode":
        if line.get("siteCode") not in tenant.sites:
            raise refused("siteCode", f"Site {line.get('siteCode')} does not exist")
        return dict(line)
    if field == "quantityOrdered":
        quantity = decimal(line, "quantityOrdered", places=4)
        if quantity <= 0:
            raise refused("quantityOrdered", "must be greater than 0")
        return {**line, "quantityOrdered": as_number(quantity)}
    if field == "listPrice":
        list_price = decimal(line, "listPrice", places=2)
        net = _net(list_price, line.get("discountFormatted") or "0")
        return {**line, "listPrice": as_number(list_price), "netPrice": as_number(net)}
    if field == "discountFormatted":
        list_price = decimal(line, "listPrice", places=2)
        net = _net(list_price, line.get("discountFormatted"))
        return {**line, "netPrice": as_number(net), "discountFormatted": _percent(list_price, net)}
    if field == "netPrice":
        list_price = decimal(line, "listPrice", places=2)
        net = decimal(line, "netPrice", places=NET_PRICE_PLACES)
        if net > list_price:
            raise refused("netPrice", "is above the list price")
        return {**line, "netPrice": as_number(net), "discountFormatted": _percent(list_price, net)}
    if field == "dueDate":
        return {**line, "dueDate": qad_date(line, "dueDate")}
    raise QadError(400, "INVALID_PARAMETER", f"no field change for {field!r}", [{"field": "fieldName"}])


@router.get("/salesOrderLinesGrid")
async def read_lines(
    tenant: Tenant,
    _: QadCaller,
    domain_code: Annotated[str, Query(alias="domainCode")],
    number: Annotated[str, Query(alias="salesOrderNumber")],
    initialize: bool = False,
) -> dict[str, Any]:
    with tenant.lock:
        order = _order(tenant, domain_code, number)
        saved = order.setdefault(PLURAL, [])
        if not initialize:
            return read_answer(PLURAL, [line_record(line) for line in saved])
        next_line = max((int(line["salesOrderLine"]) for line in saved), default=0) + 1
        return read_answer(PLURAL, [{
            "salesOrderNumber": order["orderNumber"], "domainCode": tenant.domain, "salesOrderLine": next_line,
            "itemCode": "", "description": "", "siteCode": order["site"], "quantityOrdered": 0,
            "unitOfMeasure": "", "listPrice": 0, "discountFormatted": "0.00%", "netPrice": 0,
            "dueDate": order.get("dueDate"), "customDecimal0": 0, "dataOperation": "C",
        }])  # fmt: skip


@router.post("/salesOrderLines/fieldChange")
async def change_field(
    request: Request,
    tenant: Tenant,
    _: QadCaller,
    field_name: Annotated[str, Query(alias="fieldName")],
    data_operation: Annotated[str, Query(alias="dataOperation")],
) -> dict[str, Any]:
    if data_operation not in FIELD_CHANGE_OPERATIONS:
        raise QadError(400, "INVALID_PARAMETER", f"dataOperation {data_operation!r}", [{"field": "dataOperation"}])
    records = posted_records(await request.json(), PLURAL)
    if len(records) != 1:
        raise QadError(400, "VALIDATION_FAILED", "one line per field change", [{"field": PLURAL}])
    with tenant.lock:
        order = _order(tenant, records[0].get("domainCode"), records[0].get("salesOrderNumber"))
        try:
            return read_answer(PLURAL, [_changed(tenant, order, records[0], field_name)])
        except SubmitRefused as refusal:
            return refused_answer(refusal)


def _checked_line(tenant: TenantStore, order: Document, line: Record) -> Record:
    item = _active_item(tenant, line.get("itemCode"))
    if line.get("unitOfMeasure") != item["uom"]:
        raise refused("unitOfMeasure", "not defaulted from the item: send itemCode through fieldChange first")
    if line.get("siteCode") not in tenant.sites:
        raise refused("siteCode", f"Site {line.get('siteCode')} does not exist")
    quantity = decimal(line, "quantityOrdered", places=4)
    if quantity <= 0:
        raise refused("quantityOrdered", "must be greater than 0")
    list_price = decimal(line, "listPrice", places=2)
    net = decimal(line, "netPrice", places=NET_PRICE_PLACES)
    if net > list_price:
        raise refused("netPrice", "is above the list price")
    tax = decimal(line, "customDecimal0", places=2) if line.get("customDecimal0") is not None else Decimal(0)
    return {
        "salesOrderNumber": order["orderNumber"], "domainCode": tenant.domain,
        "salesOrderLine": line["salesOrderLine"], "itemCode": item["itemNumber"], "description": item["description"],
        "siteCode": line["siteCode"], "quantityOrdered": as_number(quantity), "unitOfMeasure": item["uom"],
        "listPrice": as_number(list_price), "netPrice": as_number(net),
        "discountFormatted": _percent(list_price, net), "dueDate": qad_date(line, "dueDate"),
        "customDecimal0": as_number(tax),
    }  # fmt: skip


def _saved_lines(tenant: TenantStore, order: Document, records: list[Record]) -> list[Record]:
    """The order's lines once `records` are applied; refuses the whole save on the first bad record."""
    lines = {int(line["salesOrderLine"]): line for line in order.setdefault(PLURAL, [])}
    seen: set[int] = set()
    for record in records:
        number = record.get("salesOrderLine")
        if isinstance(number, bool) or not isinstance(number, int) or number < 1 or number in seen:
            raise refused("salesOrderLine", f"{number!r} is not a new, unique line number of at least 1")
        seen.add(number)
        action = operation(record, ("C", "U", "D"))
        if action == "C":
            if number in lines:
                raise refused("salesOrderLine", f"Line {number} already exists")
            lines[number] = _checked_line(tenant, order, record)
            continue
        if number not in lines:
            raise refused("salesOrderLine", f"Line {number} does not exist")
        if record.get("concurrencyHash") != line_record(lines[number])["concurrencyHash"]:
            raise refused("concurrencyHash", f"Line {number} was changed by another user since it was read")
        if action == "D":
            del lines[number]
        else:
            lines[number] = _checked_line(tenant, order, record)
    if not lines:
        raise refused("salesOrderLine", "a sales order needs at least one line")
    return [lines[number] for number in sorted(lines)]


@router.post("/salesOrderLinesGrid")
async def save_lines(request: Request, tenant: Tenant, caller: QadCaller) -> dict[str, Any]:
    records = posted_records(await request.json(), PLURAL)
    numbers = {(r.get("domainCode"), r.get("salesOrderNumber")) for r in records}
    if len(numbers) != 1:
        raise QadError(400, "VALIDATION_FAILED", "the lines of one sales order per save", [{"field": PLURAL}])
    [(domain_code, number)] = numbers
    with tenant.lock:
        order = _order(tenant, domain_code, number)
        try:
            if order["status"] != "OPEN":
                raise refused("salesOrderNumber", f"Sales order {number} is {order['status']} and can no longer be changed")
            amended = {**order, PLURAL: _saved_lines(tenant, order, records)}
            derive_lines(amended)
            credited = credited_amount(tenant, number)
            if Decimal(amended["orderTotal"]) < credited:
                raise refused(PLURAL, f"the amended total {amended['orderTotal']} is below the {credited} already credited")
        except SubmitRefused as refusal:
            return refused_answer(refusal)
        order.update(amended, modifiedAt=tenant.now(), modifiedBy=str(caller.get("sub", "")))
        return saved_answer(PLURAL, [line_record(line) for line in order[PLURAL]])
