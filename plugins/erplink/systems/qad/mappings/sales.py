"""Canonical orders, refunds and customers → QAD sales orders, credit memos and customers.

Shapes follow the QAD stand-in contract (sandbox/qad/README.md): camelCase fields, money and quantities as
decimal strings, and an `externalRef` on every create so the loader can look before it creates. The references
themselves are the store side's (erplink.mappings.references), as are the record keys reasons name.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from decimal import ROUND_CEILING, Decimal
from typing import Any

from erplink.mappings.errors import MappingError
from erplink.models import Address, ChargeKind, Customer, Order, OrderLine, Refund
from erplink.systems.qad.mappings.text import CENT, fit, money_text, quantity_text

_CHARGE_TYPES = {ChargeKind.SHIPPING: "FREIGHT", ChargeKind.FEE: "FEE"}


def unknown_skus(order: Order, known_item_numbers: Collection[str]) -> list[str]:
    """SKUs of the order that are not QAD item numbers, each once, in line order.

    QAD refuses a sales order naming any unknown item, so the caller quarantines the whole order with this
    list rather than sending part of it. Matching is exact: item numbers are codes, not words.
    """
    return [sku for sku in order.skus if sku not in known_item_numbers]


def sales_order_payload(
    order: Order, *, reference: str, customer_code: str, site: str, currency: str
) -> dict[str, Any]:
    """The POST body of a QAD sales order for `order`, in the tenant's `currency`."""
    return {
        "externalRef": reference,
        "customerCode": customer_code,
        "site": site,
        "currency": _checked_currency(order, currency),
        "orderDate": order.created_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        **_sales_order_content(order),
    }


def sales_order_update_payload(order: Order, *, currency: str) -> dict[str, Any]:
    """The PATCH body bringing an OPEN QAD sales order in line with a changed store order.

    Identity fields (reference, customer, site, currency, date) are left out: they never change after create.
    """
    _checked_currency(order, currency)
    return _sales_order_content(order)


def credit_memo_payload(
    refund: Refund, *, reference: str, sales_order_number: str, sku_by_line_id: Mapping[int, str]
) -> dict[str, Any]:
    """The POST body of a QAD credit memo for `refund` against `sales_order_number`.

    `sku_by_line_id` maps the order's line ids to their SKUs (a refund line names the order line it refunds;
    its own SKU may be blank). Lines that give back money without goods (quantity 0) are left to the memo's
    amount, which is authoritative; with no goods at all the memo is amount-only.
    """
    record_key = refund.record_key
    amount = money_text(refund.amount)
    if Decimal(amount) <= 0:
        raise MappingError(record_key, f"amount: {refund.amount} rounds to 0.00; QAD needs a positive amount")
    lines = []
    for line in refund.lines:
        if line.quantity == 0:
            continue
        sku = sku_by_line_id.get(line.order_line_id) if line.order_line_id else None
        sku = sku or line.sku
        if not sku:
            raise MappingError(
                record_key,
                f"refund line {line.line_id}: order line {line.order_line_id} has no known SKU to credit",
            )
        lines.append(
            {
                "itemNumber": sku,
                "quantity": quantity_text(line.quantity),
                "amount": money_text(line.amount),
                "restock": line.restock,
            }
        )
    return {
        "externalRef": reference,
        "salesOrder": sales_order_number,
        "reason": fit(refund.reason or f"Store refund {refund.source_id}", "reason"),
        "currency": refund.currency,
        "amount": amount,
        "lines": lines,
    }


def customer_payload(
    customer: Customer,
    *,
    reference: str,
    bill_to: Address | None = None,
    ship_to: Address | None = None,
    currency: str | None = None,
) -> dict[str, Any]:
    """The POST body of a QAD customer; addresses usually come from the order that introduced the customer."""
    payload: dict[str, Any] = {
        "externalRef": reference,
        "name": fit(customer.company or customer.display_name, "name"),
        "email": customer.email,
    }
    if customer.phone:
        payload["phone"] = fit(customer.phone, "phone")
    if bill_to is not None:
        payload["billTo"] = _address(bill_to, customer, where="billTo")
    if ship_to is not None:
        payload["shipTo"] = _address(ship_to, customer, where="shipTo")
    if currency is not None:
        payload["currency"] = currency
    return payload


def _sales_order_content(order: Order) -> dict[str, Any]:
    notes: list[str] = list(order.notes)
    content: dict[str, Any] = {"customerPo": fit(order.number, "customerPo", notes, where="customerPo")}
    ship_to = order.shipping_address or order.billing_address
    if ship_to is not None:
        content["shipTo"] = _address(ship_to, order.customer, notes, where="shipTo")
    content["lines"] = [_line(number, line, notes) for number, line in enumerate(order.lines, start=1)]
    content["charges"] = [
        {
            "type": _CHARGE_TYPES[charge.kind],
            "description": fit(charge.description, "description", notes, where=f"{charge.kind} description"),
            "amount": money_text(charge.amount),
            "taxAmount": money_text(charge.tax),
        }
        for charge in order.charges
    ]
    text = _notes_text(order, notes)
    if text:
        content["notes"] = fit(text, "notes")
    return content


def _line(number: int, line: OrderLine, notes: list[str]) -> dict[str, Any]:
    # QAD prices a line as quantity × unitPrice − discountAmount with two-place amounts. When the store's
    # unit price has more places (10.00 for 3 units), the unit price is rounded up and the difference added
    # to the discount, so the line still comes to exactly the store's total.
    total = line.total.quantize(CENT)
    unit_price = line.unit_price.quantize(CENT, rounding=ROUND_CEILING)
    discount = unit_price * line.quantity - total
    if unit_price != line.unit_price:
        notes.append(
            f"line {number} ({line.sku}): unit price {line.unit_price:.4f} sent as {unit_price} with the "
            f"difference in the discount, so the line totals {total}"
        )
    return {
        "line": number,
        "itemNumber": line.sku,
        "quantity": quantity_text(line.quantity),
        "unitPrice": money_text(unit_price),
        "discountAmount": money_text(discount),
        "taxAmount": money_text(line.tax),
    }


def _address(address: Address, customer: Customer, notes: list[str] | None = None, *, where: str) -> dict[str, str]:
    parts = {
        "name": address.name or address.company or customer.display_name,
        "line1": address.line1,
        "line2": address.line2,
        "city": address.city,
        "state": address.state,
        "postalCode": address.postal_code,
    }
    shaped = {field: fit(value, field, notes, where=f"{where}.{field}") for field, value in parts.items() if value}
    if address.country:
        shaped["country"] = address.country
    return shaped


def _notes_text(order: Order, notes: list[str]) -> str:
    paragraphs = []
    if order.customer_note:
        paragraphs.append(f"Customer note: {order.customer_note}")
    if order.coupons:
        paragraphs.append("Coupons: " + ", ".join(coupon.code for coupon in order.coupons))
    paragraphs.extend(notes)
    return "\n".join(paragraphs)


def _checked_currency(order: Order, currency: str) -> str:
    if order.currency != currency:
        raise MappingError(
            order.record_key,
            f"currency: the order is in {order.currency} but the QAD tenant books in {currency}",
        )
    return currency
