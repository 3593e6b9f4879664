"""erplink's QAD documents ↔ QDocs (pure: no HTTP): ``maintainSalesOrder`` and ``maintainCustomer`` data sets, and
Query Service rows back into documents.

The documents are the ones ``mappings/sales.py`` builds for every transport. Confirmed element names
(QAD-FACTS §2): ``soNbr, soCust, soShip, soOrdDate, soDueDate, soPo`` and lines ``salesOrderDetail{operation,
line, sodPart, sodQtyOrd, sodListPr, sodPrice}``; ``customer{operation, cmAddr, adName, adLine1..3, adCity, adState,
adZip, adCtry, adPhone, cmCurr}``. Assumed (README): ``soSite, soCurr, soRmks, soStat, soRef``, the ship-to address
``soShipTo{ad...}``, two trailer slots ``soTrl1Cd/soTrl1Amt/soTrl1Tax`` (freight) and ``soTrl2...`` (fees),
``sodSite, sodTaxAmt, sodRestock``, and ``adEmail, cmChr01`` (the external reference) on a customer.

A credit memo has no QDoc of its own: it is a credit sales order (negative quantities), its ``soPo`` the refund's
reference and ``soRef`` the order it credits; money given back without goods is a negative fee trailer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from lxml import etree

from erplink.systems.qad.mappings.qad_records import lines_from_records
from erplink.systems.qad.qxtend.envelope import Q, text_element
from erplink.systems.qad.qxtend.profiles import QueryNames

NET_PRICE_STEP = Decimal("0.00001")
ADDRESS_ELEMENTS = {
    "name": "adName",
    "line1": "adLine1",
    "line2": "adLine2",
    "city": "adCity",
    "state": "adState",
    "postalCode": "adZip",
    "country": "adCtry",
}
TRAILER_SLOTS = {"FREIGHT": 1, "FEE": 2}
OPEN, CANCELLED = "OPEN", "CANCELLED"


def _day(timestamp: str) -> str:
    return timestamp[:10]


def _elements(values: Sequence[tuple[str, Any]]) -> list[etree._Element]:
    return [text_element(name, value) for name, value in values if value is not None]


def _address(address: Mapping[str, Any]) -> list[etree._Element]:
    return _elements([(element, address.get(key)) for key, element in ADDRESS_ELEMENTS.items() if address.get(key)])


def _net_price(line: Mapping[str, Any]) -> str:
    quantity, unit_price = Decimal(line["quantity"]), Decimal(line["unitPrice"])
    net = (unit_price - Decimal(line.get("discountAmount") or "0") / quantity).quantize(NET_PRICE_STEP, ROUND_HALF_UP)
    return format(net.normalize(), "f")


def _detail(line: Mapping[str, Any], *, operation: str, site: str | None) -> etree._Element:
    return Q.salesOrderDetail(
        *_elements(
            [
                ("operation", operation),
                ("line", int(line["line"])),
                ("sodPart", line["itemNumber"]),
                ("sodSite", site),
                ("sodQtyOrd", line["quantity"]),
                ("sodListPr", line["unitPrice"]),
                ("sodPrice", _net_price(line)),
                ("sodTaxAmt", line.get("taxAmount") or "0.00"),
            ]
        )
    )


def _trailers(charges: Sequence[Mapping[str, Any]]) -> list[tuple[str, Any]]:
    """The charges summed into their trailer slot (freight, fees): QAD's header has slots, not a list."""
    slots: dict[int, dict[str, Any]] = {}
    for charge in charges:
        slot = slots.setdefault(
            TRAILER_SLOTS[charge["type"]], {"code": charge["type"], "amount": Decimal(0), "tax": Decimal(0)}
        )
        slot["amount"] += Decimal(charge["amount"])
        slot["tax"] += Decimal(charge.get("taxAmount") or "0")
    values: list[tuple[str, Any]] = []
    for number in sorted(TRAILER_SLOTS.values()):
        filled = slots.get(number)
        values += [
            (f"soTrl{number}Cd", filled["code"] if filled else ""),
            (f"soTrl{number}Amt", f"{filled['amount']:.2f}" if filled else "0.00"),
            (f"soTrl{number}Tax", f"{filled['tax']:.2f}" if filled else "0.00"),
        ]
    return values


def new_sales_order(order: Mapping[str, Any]) -> etree._Element:
    """``dsSalesOrder`` adding the order (operation A); ``soNbr`` is left for QAD to number."""
    header = _elements(
        [
            ("operation", "A"),
            ("soCust", order["customerCode"]),
            ("soShip", order["customerCode"]),
            ("soOrdDate", _day(order["orderDate"])),
            ("soDueDate", _day(order["orderDate"])),
            ("soPo", order["externalRef"]),
            ("soSite", order["site"]),
            ("soCurr", order["currency"]),
            ("soRmks", order.get("notes") or ""),
            *_trailers(order.get("charges") or []),
        ]
    )
    ship_to = [Q.soShipTo(*_address(order["shipTo"]))] if order.get("shipTo") else []
    lines = [_detail(line, operation="A", site=order["site"]) for line in order.get("lines") or []]
    return Q.dsSalesOrder(Q.salesOrder(*header, *ship_to, *lines))


def changed_sales_order(
    number: str, order: Mapping[str, Any], *, site: str | None, lines_in_qad: Sequence[int]
) -> etree._Element:
    """``dsSalesOrder`` modifying an order (operation M): what the document carries, lines synchronised (S) and
    the lines QAD holds that the document no longer has deleted (D)."""
    header: list[tuple[str, Any]] = [("operation", "M"), ("soNbr", number)]
    if "externalRef" in order:
        header.append(("soPo", order["externalRef"]))
    if "notes" in order:
        header.append(("soRmks", order.get("notes") or ""))
    if "charges" in order:
        header += _trailers(order.get("charges") or [])
    children = _elements(header)
    if "shipTo" in order:
        children.append(Q.soShipTo(*_address(order.get("shipTo") or {})))
    if "lines" in order:
        kept = {int(line["line"]) for line in order["lines"]}
        children += [_detail(line, operation="S", site=site) for line in order["lines"]]
        children += [
            Q.salesOrderDetail(text_element("operation", "D"), text_element("line", n))
            for n in sorted(set(lines_in_qad) - kept)
        ]
    return Q.dsSalesOrder(Q.salesOrder(*children))


def cancelled_sales_order(number: str, cancel_status: str) -> etree._Element:
    return Q.dsSalesOrder(Q.salesOrder(*_elements([("operation", "M"), ("soNbr", number), ("soStat", cancel_status)])))


def credit_sales_order(memo: Mapping[str, Any], *, original: Mapping[str, Any]) -> etree._Element:
    """``dsSalesOrder`` adding the credit sales order of a credit memo document against the ``original`` order."""
    lines, goods = [], Decimal(0)
    for number, line in enumerate(memo.get("lines") or [], start=1):
        quantity, amount = Decimal(line["quantity"]), Decimal(line["amount"])
        goods += amount
        unit = (amount / quantity).quantize(NET_PRICE_STEP, ROUND_HALF_UP) if quantity else Decimal(0)
        lines.append(
            Q.salesOrderDetail(
                *_elements(
                    [
                        ("operation", "A"),
                        ("line", number),
                        ("sodPart", line["itemNumber"]),
                        ("sodSite", original.get("site")),
                        ("sodQtyOrd", f"-{line['quantity']}"),
                        ("sodListPr", format(unit.normalize(), "f")),
                        ("sodPrice", format(unit.normalize(), "f")),
                        ("sodTaxAmt", "0.00"),
                        ("sodRestock", bool(line["restock"])),
                    ]
                )
            )
        )
    rest = Decimal(memo["amount"]) - goods
    header = _elements(
        [
            ("operation", "A"),
            ("soCust", original["customerCode"]),
            ("soShip", original["customerCode"]),
            ("soPo", memo["externalRef"]),
            ("soRef", memo["salesOrder"]),
            ("soSite", original.get("site")),
            ("soCurr", memo["currency"]),
            ("soRmks", memo.get("reason") or ""),
            ("soTrl2Cd", "FEE" if rest else ""),
            ("soTrl2Amt", f"{-rest:.2f}" if rest else "0.00"),
        ]
    )
    return Q.dsSalesOrder(Q.salesOrder(*header, *lines))


def new_customer(customer: Mapping[str, Any]) -> etree._Element:
    """``dsCustomer`` adding the customer (operation A); ``cmAddr`` is left for QAD to number."""
    address = customer.get("billTo") or customer.get("shipTo") or {}
    values = _elements(
        [
            ("operation", "A"),
            ("adName", customer["name"]),
            ("adLine1", address.get("line1")),
            ("adLine2", address.get("line2")),
            ("adCity", address.get("city")),
            ("adState", address.get("state")),
            ("adZip", address.get("postalCode")),
            ("adCtry", address.get("country")),
            ("adPhone", customer.get("phone")),
            ("adEmail", customer.get("email")),
            ("cmCurr", customer.get("currency")),
            ("cmChr01", customer.get("externalRef")),
        ]
    )
    return Q.dsCustomer(Q.customer(*values))


# --- Query Service rows → documents ---------------------------------------------------------------------------


def status_of(code: str | None, cancel_status: str) -> str:
    """``soStat``: blank is an open order, the site's cancel code a cancelled one; any other code as QAD has it."""
    if not code:
        return OPEN
    return CANCELLED if code == cancel_status else code


def _text(value: Any) -> str:
    return format(Decimal(str(value or "0")).normalize(), "f")


def lines_from_rows(rows: Sequence[Mapping[str, str]], names: QueryNames) -> list[dict[str, Any]]:
    f = names.field
    return lines_from_records(
        [
            {
                "salesOrderLine": row[f("line.number")],
                "itemCode": row.get(f("line.item")),
                "quantityOrdered": row.get(f("line.quantity")),
                "listPrice": row.get(f("line.list_price")),
                "netPrice": row.get(f("line.net_price")),
                "customDecimal0": row.get(f("line.tax")),
            }
            for row in rows
        ]
    )


def order_from_row(row: Mapping[str, str], names: QueryNames, *, cancel_status: str) -> dict[str, Any]:
    f = names.field
    charges = []
    for code, amount, tax in zip(
        names.field_list("sales_order.trailer_codes"),
        names.field_list("sales_order.trailer_amounts"),
        names.field_list("sales_order.trailer_taxes"),
        strict=True,
    ):
        if row.get(code):
            charges.append(
                {
                    "type": row[code],
                    "description": None,
                    "amount": f"{Decimal(_text(row.get(amount))):.2f}",
                    "taxAmount": f"{Decimal(_text(row.get(tax))):.2f}",
                }
            )
    return {
        "orderNumber": row[f("sales_order.number")],
        "externalRef": row.get(f("sales_order.customer_po")) or "",
        "status": status_of(row.get(f("sales_order.status")), cancel_status),
        "customerCode": row.get(f("sales_order.customer")),
        "site": row.get(f("sales_order.site")),
        "currency": row.get(f("sales_order.currency")),
        "orderDate": row.get(f("sales_order.order_date")),
        "notes": row.get(f("sales_order.remarks")) or None,
        "charges": charges,
        "creditOf": row.get(f("sales_order.credit_of")) or None,
        "modifiedAt": row.get(f("sales_order.modified")),
    }


def with_total(order: dict[str, Any], lines: list[dict[str, Any]]) -> dict[str, Any]:
    """The order with its lines and the total QAD holds: goods less discounts plus tax, plus charges and tax."""
    total = sum(
        (
            Decimal(line["quantity"]) * Decimal(line["unitPrice"])
            - Decimal(line["discountAmount"])
            + Decimal(line["taxAmount"])
            for line in lines
        ),
        Decimal(0),
    )
    total += sum((Decimal(c["amount"]) + Decimal(c["taxAmount"]) for c in order["charges"]), Decimal(0))
    return {**order, "lines": lines, "orderTotal": f"{total:.2f}"}


def customer_from_row(row: Mapping[str, str], names: QueryNames) -> dict[str, Any]:
    f = names.field
    return {
        "customerCode": row[f("customer.code")],
        "name": row.get(f("customer.name")),
        "email": row.get(f("customer.email")) or None,
        "currency": row.get(f("customer.currency")),
        "externalRef": row.get(f("customer.reference")) or None,
    }


def _number_or_none(value: str | None) -> str | None:
    return None if value is None or value == "" else _text(value)


def item_from_row(row: Mapping[str, str], names: QueryNames) -> dict[str, Any]:
    f = names.field
    return {
        "itemNumber": row.get(f("item.number")),
        "description": row.get(f("item.description")) or "",
        "uom": row.get(f("item.uom")),
        "status": row.get(f("item.status")),
        "productLine": row.get(f("item.product_line")),
    }


def price_from_row(row: Mapping[str, str], names: QueryNames) -> dict[str, Any]:
    f = names.field
    price: dict[str, Any] = {
        "itemNumber": row.get(f("price.item")),
        "price": _number_or_none(row.get(f("price.amount"))),
        "currency": row.get(f("price.currency")),
    }
    start = row.get(f("price.start"))
    if start:
        price["effectiveFrom"] = f"{start[:10]}T00:00:00Z"
    return price


def stock_from_row(row: Mapping[str, str], names: QueryNames) -> dict[str, Any]:
    """A location balance as the REST side reads it: the catalog computes on hand − allocated − committed."""
    f = names.field
    return {
        "itemNumber": row.get(f("stock.item")),
        "site": row.get(f("stock.site")),
        "location": row.get(f("stock.location")),
        "qtyOnHand": _number_or_none(row.get(f("stock.on_hand"))),
        "qtyAllocated": _number_or_none(row.get(f("stock.allocated"))),
        "qtyCommitted": _number_or_none(row.get(f("stock.committed"))),
    }
