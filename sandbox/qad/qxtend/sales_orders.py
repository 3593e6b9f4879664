"""`maintainSalesOrder` (`dsSalesOrder/salesOrder` with `salesOrderDetail` lines) on the tenant's state.

Operation A adds an order with its lines in one transaction (`soNbr` given or numbered by QAD); M modifies an
OPEN order (header values present, lines with their own operation: A, M, S add-or-modify, D delete), and M with
`soStat` = X cancels it. An order whose lines are all negative and that names `soRef` is a credit sales order:
it is filed as a credit memo against `soRef` (the state's credit memos, which the REST side reads too). A line
priced away from the price list is taken with a warning. Names past QAD-FACTS §2 are the README's assumptions.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from lxml import etree

from sandbox.qad.errors import QadError
from sandbox.qad.qxtend.checks import Checker
from sandbox.qad.qxtend.queries import CANCEL_STATUS, TRAILER_SLOTS
from sandbox.qad.qxtend.soap import Message, Q, children, local, values
from sandbox.qad.records.credit_memos import CreditMemoCreate, add_credit_memo
from sandbox.qad.records.sales_orders import credited_amount
from sandbox.qad.rest.sales_order_records import derive_lines
from sandbox.qad.rest.values import as_number
from sandbox.qad.tenant import Document, TenantStore

SHIP_TO = {"adName": "name", "adLine1": "line1", "adLine2": "line2", "adCity": "city", "adState": "state",
           "adZip": "postalCode", "adCtry": "country"}  # fmt: skip
LINE_OPERATIONS = ("A", "M", "S", "D")


def _failed(messages: list[Message]) -> bool:
    return any(m.severity == "error" for m in messages)


def _ship_to(header: etree._Element, check: Checker) -> dict[str, Any] | None:
    element = next((c for c in children(header) if local(c) == "soShipTo"), None)
    if element is None:
        return None
    fields = values(element)
    if not fields:
        return None
    for required in ("adName", "adLine1", "adCity", "adCtry"):
        if not fields.get(required):
            check.error(f"soShipTo.{required}", f"the ship-to {required} is required")
    country = fields.get("adCtry", "")
    if country and (len(country) != 2 or not country.isupper()):
        check.error("soShipTo.adCtry", f"{country!r} is not a 2-letter country code")
    return {key: fields.get(element_name) or None for element_name, key in SHIP_TO.items()}


def _charges(check: Checker) -> list[Document]:
    charges = []
    for code, slot in TRAILER_SLOTS.items():
        given = check.values.get(f"soTrl{slot}Cd", "")
        if not given:
            continue
        if given != code:
            check.error(f"soTrl{slot}Cd", f"trailer slot {slot} holds {code}, not {given!r}")
            continue
        amount = check.number(f"soTrl{slot}Amt", places=2, minimum=Decimal(0) if code == "FREIGHT" else None)
        tax = check.number(f"soTrl{slot}Tax", places=2, required=False)
        charges.append({"type": code, "description": None, "amount": f"{amount:.2f}", "taxAmount": f"{tax:.2f}"})
    return charges


def _line(tenant: TenantStore, element: etree._Element, order: Document, messages: list[Message]) -> Document | None:
    fields = values(element)
    check = Checker(
        messages, f"salesOrderDetail#{fields.get('line', '?')}", f"sodPart-{fields.get('sodPart', '')}", fields
    )
    part = check.text("sodPart", required=True)
    item = tenant.items.get(part)
    if part and item is None:
        check.error("sodPart", f"Item {part} does not exist")
    elif item is not None and item["status"] != "ACTIVE":
        check.error("sodPart", f"Item {part} has status {item['status']}: restricted transaction")
    site = fields.get("sodSite") or order["site"]
    if site not in tenant.sites:
        check.error("sodSite", f"Site {site} does not exist")
    quantity = check.number("sodQtyOrd", places=4, minimum=Decimal("0.0001"))
    list_price = check.number("sodListPr", places=2, minimum=Decimal(0))
    net = check.number("sodPrice", places=5, minimum=Decimal(0))
    if net > list_price:
        check.error("sodPrice", "the net price is above the list price")
    tax = check.number("sodTaxAmt", places=2, required=False)
    listed = tenant.price_lists.get(order["currency"], {}).get(part)
    if item is not None and listed is not None and Decimal(listed["price"]) != list_price:
        check.warning(
            "sodListPr", f"List price {list_price} overrides price list {order['currency']} price {listed['price']}"
        )
    if item is None:
        return None
    return {"salesOrderLine": int(fields.get("line") or 0), "itemCode": part, "siteCode": site,
            "quantityOrdered": as_number(quantity), "listPrice": as_number(list_price), "netPrice": as_number(net),
            "dueDate": order.get("dueDate"), "customDecimal0": as_number(tax), "unitOfMeasure": item["uom"],
            "description": item["description"]}  # fmt: skip


def _lines(header: etree._Element) -> list[etree._Element]:
    return [c for c in children(header) if local(c) == "salesOrderDetail"]


def _credit(
    tenant: TenantStore, header: etree._Element, check: Checker, messages: list[Message]
) -> list[etree._Element]:
    """A credit sales order, filed as a credit memo against `soRef`."""
    original = check.text("soRef", required=True)
    lines, goods = [], Decimal(0)
    for element in _lines(header):
        fields = values(element)
        line_check = Checker(
            messages, f"salesOrderDetail#{fields.get('line', '?')}", f"sodPart-{fields.get('sodPart', '')}", fields
        )
        quantity = -line_check.number("sodQtyOrd", places=4)
        price = line_check.number("sodPrice", places=5, minimum=Decimal(0))
        if quantity <= 0:
            line_check.error("sodQtyOrd", "a credit sales order's lines must all be negative")
        amount = (quantity * price).quantize(Decimal("0.01"))
        goods += amount
        lines.append({"itemNumber": line_check.text("sodPart", required=True), "quantity": f"{quantity.normalize():f}",
                      "amount": f"{amount:.2f}", "restock": fields.get("sodRestock") == "true"})  # fmt: skip
    rest = -check.number("soTrl2Amt", places=2, required=False) if check.values.get("soTrl2Cd") else Decimal(0)
    if _failed(messages):
        return []
    try:
        body = CreditMemoCreate.model_validate({
            "externalRef": check.text("soPo", required=True), "salesOrder": original,
            "reason": check.values.get("soRmks") or None, "currency": check.values.get("soCurr", ""),
            "amount": f"{goods + rest:.2f}", "lines": lines,
        })  # fmt: skip
        memo = add_credit_memo(tenant, body)
    except QadError as exc:
        field = str(exc.details[0].get("field", "soRef")) if exc.details else "soRef"
        check.error({"salesOrder": "soRef", "currency": "soCurr"}.get(field, field), exc.message)
        return []
    except ValueError as exc:
        check.error("salesOrder", f"the credit sales order cannot be read: {exc}".splitlines()[0])
        return []
    return [Q.dsSalesOrder(Q.salesOrder(Q.soNbr(memo["creditMemoNumber"]), Q.soPo(memo["externalRef"])))]


def _add(
    tenant: TenantStore, header: etree._Element, check: Checker, messages: list[Message], user: str
) -> list[etree._Element]:
    number = check.text("soNbr", max_length=8)
    if number and number in tenant.sales_orders:
        check.error("soNbr", f"Sales order {number} already exists")
    customer = check.text("soCust", required=True)
    if customer and customer not in tenant.customers:
        check.error("soCust", f"Customer {customer} does not exist")
    ship = check.text("soShip")
    if ship and ship not in tenant.customers:
        check.error("soShip", f"Ship-to {ship} does not exist")
    site = check.text("soSite", required=True)
    if site and site not in tenant.sites:
        check.error("soSite", f"Site {site} does not exist")
    currency = check.code("soCurr", 3)
    order_date = check.day("soOrdDate")
    due_date = check.day("soDueDate", required=False) or order_date
    purchase_order = check.text("soPo", max_length=64)
    order: Document = {
        "orderNumber": number, "status": "OPEN", "externalRef": purchase_order, "customerCode": customer,
        "site": site, "currency": currency, "orderDate": f"{order_date}T00:00:00Z",
        "dueDate": f"{due_date}T00:00:00.000Z", "customerPo": purchase_order or None,
        "shipTo": _ship_to(header, check), "charges": _charges(check),
        "notes": check.text("soRmks", max_length=2000) or None,
    }  # fmt: skip
    wire = []
    for element in _lines(header):
        if values(element).get("operation", "A") not in ("A", "S"):
            check.error("salesOrderDetail.operation", "a new order's lines are added (A)")
        wire.append(_line(tenant, element, order, messages))
    numbers = [line["salesOrderLine"] for line in wire if line]
    if not wire:
        check.error("salesOrderDetail", "a sales order needs at least one line")
    elif len(set(numbers)) != len(numbers) or 0 in numbers:
        check.error("salesOrderDetail.line", "line numbers must be given and distinct")
    if _failed(messages):
        return []
    number = number or tenant.next_number("sales-orders")
    tenant.reserve_number("sales-orders", number)
    now = tenant.now()
    order.update(orderNumber=number, salesOrderLines=[line for line in wire if line], createdAt=now, modifiedAt=now,
                 modifiedBy=user)  # fmt: skip
    derive_lines(order)
    tenant.sales_orders[number] = order
    return [Q.dsSalesOrder(Q.salesOrder(Q.soNbr(number), Q.soPo(purchase_order)))]


def _modify(
    tenant: TenantStore, header: etree._Element, check: Checker, messages: list[Message], user: str
) -> list[etree._Element]:
    number = check.text("soNbr", required=True)
    order = tenant.sales_orders.get(number)
    if order is None:
        check.error("soNbr", f"Sales order {number} does not exist")
        return []
    if order["status"] != "OPEN":
        check.error("soNbr", f"Sales order {number} is {order['status']} and can no longer be changed")
        return []
    given = check.values
    amended: Document = {**order}
    if given.get("soStat") == CANCEL_STATUS:
        amended["status"] = "CANCELLED"
    elif given.get("soStat"):
        check.error("soStat", f"status {given['soStat']!r} cannot be set here (only {CANCEL_STATUS}: cancel)")
    if "soPo" in given:
        amended["externalRef"] = check.text("soPo", max_length=64)
        amended["customerPo"] = amended["externalRef"] or None
    if "soRmks" in given:
        amended["notes"] = check.text("soRmks", max_length=2000) or None
    if "soTrl1Cd" in given or "soTrl2Cd" in given:
        amended["charges"] = _charges(check)
    ship_to = _ship_to(header, check)
    if any(local(c) == "soShipTo" for c in children(header)):
        amended["shipTo"] = ship_to
    lines = {int(line["salesOrderLine"]): line for line in order["salesOrderLines"]}
    for element in _lines(header):
        fields = values(element)
        operation, line_number = fields.get("operation", ""), int(fields.get("line") or 0)
        if operation not in LINE_OPERATIONS:
            check.error(
                "salesOrderDetail.operation", f"operation {operation!r} is not one of {', '.join(LINE_OPERATIONS)}"
            )
        elif operation == "D":
            if lines.pop(line_number, None) is None:
                check.error("salesOrderDetail.line", f"Line {line_number} does not exist")
        elif operation == "A" and line_number in lines:
            check.error("salesOrderDetail.line", f"Line {line_number} already exists")
        elif operation == "M" and line_number not in lines:
            check.error("salesOrderDetail.line", f"Line {line_number} does not exist")
        else:
            line = _line(tenant, element, amended, messages)
            if line is not None:
                lines[line_number] = line
    if not lines:
        check.error("salesOrderDetail", "a sales order needs at least one line")
    amended["salesOrderLines"] = [lines[n] for n in sorted(lines)]
    derive_lines(amended)
    credited = credited_amount(tenant, number)
    if Decimal(amended["orderTotal"]) < credited:
        check.error(
            "salesOrderDetail", f"the amended total {amended['orderTotal']} is below the {credited} already credited"
        )
    if _failed(messages):
        return []
    order.update(amended, modifiedAt=tenant.now(), modifiedBy=user)
    return [Q.dsSalesOrder(Q.salesOrder(Q.soNbr(number), Q.soPo(order["externalRef"])))]


def maintain_sales_order(
    tenant: TenantStore, dataset: etree._Element | None, messages: list[Message], user: str
) -> list[etree._Element]:
    rows = children(dataset) if dataset is not None and local(dataset) == "dsSalesOrder" else []
    if len(rows) != 1 or local(rows[0]) != "salesOrder":
        messages.append(Message("dsSalesOrder must hold exactly one salesOrder", "dsSalesOrder"))
        return []
    header = rows[0]
    fields = values(header)
    check = Checker(messages, "salesOrder#1", f"soPo-{fields.get('soPo', '')}", fields)
    operation = fields.get("operation", "")
    if operation == "A" and fields.get("soRef"):
        return _credit(tenant, header, check, messages)
    if operation == "A":
        return _add(tenant, header, check, messages, user)
    if operation == "M":
        return _modify(tenant, header, check, messages, user)
    check.error("operation", f"operation {operation!r}: sales orders are added (A) or modified (M) here")
    return []
