"""A stored sales order as QAD's header and line records, and the stored order they describe.

The tenant keeps one document per order (what the in-process handle shows); QAD's records are views of it.
The wire lines (`salesOrderLines`) are kept as QAD answered them, and the order's `lines` and `orderTotal` are
derived from them: `listPrice` is the unit price, (`listPrice` − `netPrice`) × quantity the line's discount, and
the store's tax of a line travels in `customDecimal0` (QAD computes tax of its own; which custom slot carries
the store's figure is the integration's choice, the sandbox's assumption).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sandbox.qad.records.sales_orders import order_total
from sandbox.qad.decimals import format_money, format_quantity
from sandbox.qad.rest.documents import Record, concurrency_hash, record_uri
from sandbox.qad.rest.values import DATE_SUFFIX, as_number
from sandbox.qad.tenant import Document

SALES_ORDER_HEADER = "com.qad.sales.salesorder.ISalesOrderHeader"
SALES_ORDER_LINE = "com.qad.sales.salesorder.ISalesOrderLine"

SHIP_TO_FIELDS = {
    "shipToName": "name", "shipToStreet1": "line1", "shipToStreet2": "line2", "shipToCity": "city",
    "shipToStateCode": "state", "shipToZipCode": "postalCode", "shipToCountryCode": "country",
}  # fmt: skip
"""Header fields of the one-time ship-to address (assumed names) → the stored address's keys."""


def _date(timestamp: str | None) -> str | None:
    return timestamp[:10] + DATE_SUFFIX if timestamp else None


def line_record(wire_line: Record) -> Record:
    line = {key: value for key, value in wire_line.items() if key != "concurrencyHash"}
    return {**line, "dataOperation": "", "concurrencyHash": concurrency_hash(line)}


def header_record(order: Document, domain: str) -> Record:
    ship_to = order.get("shipTo") or {}
    header: Record = {
        "uri": record_uri(SALES_ORDER_HEADER, domain, order["orderNumber"]),
        "salesOrderNumber": order["orderNumber"],
        "domainCode": domain,
        "soldToCustomerCode": order["customerCode"],
        "billToCustomerCode": order["customerCode"],
        "shipToCustomerCode": order["customerCode"],
        "siteCode": order["site"],
        "currencyCode": order["currency"],
        "orderDate": _date(order["orderDate"]),
        "dueDate": order.get("dueDate"),
        "purchaseOrder": order.get("customerPo") or "",
        "remarks": order.get("notes") or "",
        "orderStatus": order["status"],
        **{field: ship_to.get(key) or "" for field, key in SHIP_TO_FIELDS.items()},
        "SOTrailers": [
            {"trailerCode": c["type"], "description": c.get("description") or "",
             "trailerAmount": as_number(c["amount"]), "customDecimal0": as_number(c["taxAmount"])}
            for c in order["charges"]
        ],
        "orderTotal": as_number(order["orderTotal"]),
        "lastModifiedDate": order["modifiedAt"],
        "lastModifiedUser": order.get("modifiedBy", ""),
    }  # fmt: skip
    header["concurrencyHash"] = order_hash(order)
    header["dataOperation"] = ""
    return header


def order_hash(order: Document) -> str:
    """The order's concurrency hash: changes with any change of the header, its trailers or its lines."""
    return concurrency_hash(order)


def derive_lines(order: Document) -> None:
    """Bring the stored `lines` and `orderTotal` in line with the wire lines (the caller holds the lock)."""
    lines = []
    for wire in sorted(order.setdefault("salesOrderLines", []), key=lambda w: int(w["salesOrderLine"])):
        quantity = Decimal(str(wire["quantityOrdered"]))
        list_price, net_price = Decimal(str(wire["listPrice"])), Decimal(str(wire["netPrice"]))
        lines.append({
            "line": int(wire["salesOrderLine"]),
            "itemNumber": wire["itemCode"],
            "quantity": format_quantity(quantity),
            "unitPrice": format_money(list_price),
            "discountAmount": format_money((list_price - net_price) * quantity),
            "taxAmount": format_money(Decimal(str(wire.get("customDecimal0") or 0))),
        })  # fmt: skip
    order["lines"] = lines
    order["orderTotal"] = format_money(order_total(order))
