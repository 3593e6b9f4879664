"""erplink's QAD documents ↔ QAD's REST records and browse rows (pure: no HTTP).

The QAD side builds and reads documents in one shape whatever the transport (``sales.py`` builds them:
``externalRef``, ``customerCode``, ``lines`` with ``unitPrice`` / ``discountAmount`` / ``taxAmount``,
``charges``...). Here they become what QAD's REST takes: a sales order header and line values for the line flow,
a business relation and a customer, a credit memo; and QAD's browse rows and records become documents again.

Where the external reference goes: a sales order's in the customer PO (``purchaseOrder``, so_mstr.so_po), a
customer's in ``customShort0``, a credit memo's in ``reference``. The store's tax of a line or trailer travels in
``customDecimal0`` (QAD computes its own tax; the store's figure is kept for reconciliation). Names past the
confirmed ones are the assumptions the sandbox README lists.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from erplink.systems.qad.endpoints import QadEndpoints

NET_PRICE_STEP = Decimal("0.00001")
DATE_SUFFIX = "T00:00:00.000Z"
SHIP_TO_FIELDS = {
    "name": "shipToName", "line1": "shipToStreet1", "line2": "shipToStreet2", "city": "shipToCity",
    "state": "shipToStateCode", "postalCode": "shipToZipCode", "country": "shipToCountryCode",
}  # fmt: skip
LINE_FLOW_FIELDS = ("itemCode", "siteCode", "quantityOrdered", "listPrice", "netPrice", "dueDate")
"""The line fields sent through ``fieldChange``, in the order QAD's own loader sends them."""


def qad_date(timestamp: str) -> str:
    """``2026-01-05T10:00:00Z`` → ``2026-01-05T00:00:00.000Z``: QAD keeps the date of an order, not its time."""
    return timestamp[:10] + DATE_SUFFIX


def _text(value: Any) -> str:
    """A number as QAD answers it (a JSON number) as the decimal text documents carry."""
    if value is None or value == "":
        return "0"
    return format(Decimal(str(value)).normalize(), "f") if not isinstance(value, bool) else str(value)


def header_values(order: Mapping[str, Any]) -> dict[str, Any]:
    """What a sales order header holds of the document, for a create (``C``) or an update (``U``).

    Only what the document carries is set: an update naming only the charges leaves the remarks and the ship-to
    as QAD has them.
    """
    values: dict[str, Any] = {}
    if "externalRef" in order:
        values["purchaseOrder"] = order["externalRef"]
    if "notes" in order:
        values["remarks"] = order.get("notes") or ""
    if "shipTo" in order:
        ship_to = order.get("shipTo") or {}
        values.update({field: ship_to.get(key) or "" for key, field in SHIP_TO_FIELDS.items()})
    if "charges" in order:
        values["SOTrailers"] = [
            {"trailerCode": c["type"], "description": c.get("description") or "", "trailerAmount": c["amount"],
             "customDecimal0": c.get("taxAmount") or "0.00"}
            for c in order.get("charges") or []
        ]  # fmt: skip
    return values


def new_header(order: Mapping[str, Any], domain: str) -> dict[str, Any]:
    return {
        "dataOperation": "C", "domainCode": domain, "soldToCustomerCode": order["customerCode"],
        "siteCode": order["site"], "currencyCode": order["currency"], "orderDate": qad_date(order["orderDate"]),
        "dueDate": qad_date(order["orderDate"]), **header_values(order),
    }  # fmt: skip


def line_values(line: Mapping[str, Any], *, site: str, due_date: str) -> dict[str, Any]:
    """A document line as the values the line flow sets: the discount becomes a net unit price."""
    quantity, unit_price = Decimal(line["quantity"]), Decimal(line["unitPrice"])
    net = (unit_price - Decimal(line.get("discountAmount") or "0") / quantity).quantize(NET_PRICE_STEP, ROUND_HALF_UP)
    return {
        "salesOrderLine": int(line["line"]), "itemCode": line["itemNumber"], "siteCode": site,
        "quantityOrdered": line["quantity"], "listPrice": line["unitPrice"], "netPrice": format(net.normalize(), "f"),
        "dueDate": due_date, "customDecimal0": line.get("taxAmount") or "0.00",
    }  # fmt: skip


def lines_from_records(records: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """QAD's saved lines → document lines (the discount recovered from list and net price, to the cent)."""
    lines = []
    for record in sorted(records, key=lambda r: int(r["salesOrderLine"])):
        quantity = Decimal(_text(record["quantityOrdered"]))
        list_price, net = Decimal(_text(record["listPrice"])), Decimal(_text(record["netPrice"]))
        lines.append({
            "line": int(record["salesOrderLine"]), "itemNumber": record["itemCode"], "quantity": _text(quantity),
            "unitPrice": f"{list_price:.2f}",
            "discountAmount": f"{((list_price - net) * quantity).quantize(Decimal('0.01'), ROUND_HALF_UP):.2f}",
            "taxAmount": f"{Decimal(_text(record.get('customDecimal0'))):.2f}",
        })  # fmt: skip
    return lines


def order_from_header(header: Mapping[str, Any], lines: Sequence[Mapping[str, Any]] | None = None) -> dict[str, Any]:
    ship_to = {key: header.get(field) for key, field in SHIP_TO_FIELDS.items() if header.get(field)}
    order: dict[str, Any] = {
        "orderNumber": header["salesOrderNumber"], "status": header.get("orderStatus") or "OPEN",
        "externalRef": header.get("purchaseOrder") or "", "customerCode": header.get("soldToCustomerCode"),
        "site": header.get("siteCode"), "currency": header.get("currencyCode"), "orderDate": header.get("orderDate"),
        "shipTo": ship_to or None, "notes": header.get("remarks") or None,
        "charges": [
            {"type": t.get("trailerCode"), "description": t.get("description") or None,
             "amount": f"{Decimal(_text(t.get('trailerAmount'))):.2f}",
             "taxAmount": f"{Decimal(_text(t.get('customDecimal0'))):.2f}"}
            for t in header.get("SOTrailers") or []
        ],
        "orderTotal": f"{Decimal(_text(header.get('orderTotal'))):.2f}",
        "modifiedAt": header.get("lastModifiedDate"),
    }  # fmt: skip
    if lines is not None:
        order["lines"] = lines_from_records(list(lines))
    return order


def business_relation(customer: Mapping[str, Any]) -> dict[str, Any]:
    address = customer.get("billTo") or customer.get("shipTo") or {}
    return {
        "dataOperation": "C", "businessRelationName1": customer["name"],
        "businessRelationSearchName": customer["name"][:40], "isActive": True,
        "headOfficeStreet1": address.get("line1") or "", "headOfficeStreet2": address.get("line2") or "",
        "headOfficeCity": address.get("city") or "", "headOfficeZipCode": address.get("postalCode") or "",
        "headOfficeStateCode": address.get("state") or "", "headOfficeCountryCode": address.get("country") or "",
        "customShort0": customer.get("externalRef") or "",
    }  # fmt: skip


def customer_record(customer: Mapping[str, Any], *, relation_code: str, shared_set: str) -> dict[str, Any]:
    address = customer.get("billTo") or customer.get("shipTo") or {}
    return {
        "dataOperation": "C", "sharedSetCode": shared_set, "businessRelationCode": relation_code,
        "addressName": address.get("name") or customer["name"], "street1": address.get("line1") or "",
        "street2": address.get("line2") or "", "city": address.get("city") or "",
        "zipCode": address.get("postalCode") or "",
        "stateCode": address.get("state") or "", "countryCode": address.get("country") or "",
        "currencyCode": customer.get("currency"), "telephone": customer.get("phone") or "",
        "EMail": customer.get("email") or "", "isActive": True, "customShort0": customer.get("externalRef") or "",
    }  # fmt: skip


def customer_from_record(record: Mapping[str, Any]) -> dict[str, Any]:
    return {"customerCode": record["customerCode"], "name": record.get("businessRelationName"),
            "email": record.get("EMail") or None, "currency": record.get("currencyCode"),
            "externalRef": record.get("customShort0") or None}  # fmt: skip


def credit_memo_record(memo: Mapping[str, Any], domain: str) -> dict[str, Any]:
    return {
        "dataOperation": "C", "domainCode": domain, "reference": memo["externalRef"],
        "salesOrderNumber": memo["salesOrder"], "reason": memo.get("reason") or "", "currencyCode": memo["currency"],
        "amount": memo["amount"],
        "creditMemoLines": [{"itemCode": line["itemNumber"], "quantity": line["quantity"], "amount": line["amount"],
                             "restock": line["restock"]} for line in memo.get("lines") or []],
    }  # fmt: skip


def credit_memo_from_record(record: Mapping[str, Any]) -> dict[str, Any]:
    return {"creditMemoNumber": record["creditMemoNumber"], "externalRef": record.get("reference") or "",
            "salesOrder": record.get("salesOrderNumber"), "currency": record.get("currencyCode"),
            "amount": f"{Decimal(_text(record.get('amount'))):.2f}",
            "modifiedAt": record.get("lastModifiedDate")}  # fmt: skip


def _number_or_none(value: Any) -> str | None:
    """A browse number as decimal text; None when the column is missing, so the row is refused, not zeroed."""
    return None if value is None or value == "" else _text(value)


def _day(value: Any) -> str | None:
    return f"{str(value)[:10]}T00:00:00Z" if value else None


def item_from_row(row: Mapping[str, Any], endpoints: QadEndpoints) -> dict[str, Any]:
    c = endpoints.column
    return {"itemNumber": row.get(c("item.number")), "description": row.get(c("item.description")) or "",
            "uom": row.get(c("item.uom")), "status": row.get(c("item.status")),
            "productLine": row.get(c("item.product_line"))}  # fmt: skip


def price_from_row(row: Mapping[str, Any], endpoints: QadEndpoints) -> dict[str, Any]:
    c = endpoints.column
    price: dict[str, Any] = {
        "itemNumber": row.get(c("price.item")),
        "price": _number_or_none(row.get(c("price.amount"))),
        "currency": row.get(c("price.currency")),
    }
    start = _day(row.get(c("price.start")))
    if start:
        price["effectiveFrom"] = start
    return price


def stock_from_row(row: Mapping[str, Any], endpoints: QadEndpoints) -> dict[str, Any]:
    c = endpoints.column
    return {"itemNumber": row.get(c("stock.item")), "site": row.get(c("stock.site")),
            "location": row.get(c("stock.location")), "qtyOnHand": _number_or_none(row.get(c("stock.on_hand"))),
            "qtyAllocated": _number_or_none(row.get(c("stock.allocated"))),
            "qtyCommitted": _number_or_none(row.get(c("stock.committed")))}  # fmt: skip
