"""Canonical orders, refunds and customers → Acumatica Customer and SalesInvoice (invoice, credit memo) fields.

Plain fields here; ``values.wrap`` wraps them for the wire. The external reference of a document goes into
``CustomerOrder`` (the customer's order number, a filterable header field): ``ReferenceNbr`` is auto-numbered and
drops a number a client sends, so the look-up before a create reads ``CustomerOrder``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from decimal import ROUND_CEILING, Decimal
from typing import Any

from erplink.mappings.errors import MappingError
from erplink.models import ChargeKind, Customer, Order, Refund
from erplink.systems.acumatica.config import AcumaticaErp

REFERENCE_FIELD = "CustomerOrder"
CUSTOMER_REFERENCE_FIELD = "AccountRef"
INVOICE, CREDIT_MEMO = "Invoice", "Credit Memo"
CUSTOMER_ID_LENGTH = 10
PRICE_PLACES = Decimal("0.0001")
CENT = Decimal("0.01")


def customer_id_for(reference: str) -> str:
    """A deterministic CustomerID (10 characters, the key's usual length) for a customer reference: a create
    whose answer was lost finds the same key again instead of making a second customer."""
    return "E" + hashlib.sha256(reference.encode()).hexdigest()[: CUSTOMER_ID_LENGTH - 1].upper()


def customer_fields(order: Order, *, reference: str, erp: AcumaticaErp) -> dict[str, Any]:
    customer: Customer = order.customer
    address = order.billing_address or order.shipping_address
    contact: dict[str, Any] = {
        "Email": customer.email,
        "FirstName": customer.first_name,
        "LastName": customer.last_name,
        "Phone1": customer.phone,
    }
    if address is not None:
        contact["Address"] = {
            "AddressLine1": address.line1,
            "AddressLine2": address.line2,
            "City": address.city,
            "State": address.state,
            "PostalCode": address.postal_code,
            "Country": address.country,
        }
    return {
        "CustomerID": customer_id_for(reference),
        "CustomerName": (customer.company or customer.display_name)[:255],
        "CustomerClass": erp.customer_class,
        "CurrencyID": order.currency,
        CUSTOMER_REFERENCE_FIELD: reference,
        "Email": customer.email,
        "MainContact": contact,
    }


def unknown_skus(order: Order, items: Mapping[str, bool]) -> list[str]:
    """SKUs of the order that are not sellable Acumatica stock items, each once, in line order."""
    return [sku for sku in order.skus if not items.get(sku)]


def invoice_fields(order: Order, *, reference: str, customer_id: str, erp: AcumaticaErp) -> dict[str, Any]:
    """The SalesInvoice of a paid order: lines on InventoryIDs by SKU (discounts as line discounts), shipping as
    freight or a line, fees on the charges item, the store's tax as one tax row."""
    key = order.record_key
    details = [_goods_line(line.sku, line.quantity, line.subtotal, line.total, line.name, erp) for line in order.lines]
    freight = Decimal("0")
    for charge in order.charges:
        if charge.kind == ChargeKind.SHIPPING and erp.shipping.mode == "freight":
            freight += charge.amount
            continue
        item = erp.shipping.line_item if charge.kind == ChargeKind.SHIPPING else erp.charges_item
        if not item:
            raise MappingError(
                key,
                f"{charge.kind.value} line {charge.source_id} ({charge.amount}): set "
                "erp.charges_item, the Acumatica item fees are invoiced on",
            )
        details.append(_charge_line(item, charge.amount, charge.description, erp))
    if freight < 0:
        raise MappingError(key, f"shipping_lines: total {freight} is negative; FreightPrice cannot be")
    fields: dict[str, Any] = {
        "Type": INVOICE,
        "CustomerID": customer_id,
        REFERENCE_FIELD: reference,
        "Description": f"Store order {order.number} ({reference})"[:255],
        "Date": order.created_at,
        "Hold": False,
        "Details": details,
        "FreightPrice": freight.quantize(CENT),
        "FinancialDetails": _financial_details(erp),
    }
    tax = _tax_rows(order.tax_total, sum((line.total for line in order.lines), Decimal("0")), erp, key)
    if tax:
        fields["TaxDetails"] = tax
    return fields


def credit_memo_fields(
    refund: Refund,
    *,
    reference: str,
    customer_id: str,
    invoice_nbr: str,
    sku_by_line_id: Mapping[int, str],
    erp: AcumaticaErp,
) -> dict[str, Any]:
    """The credit memo of a refund against the order's invoice: returned goods by SKU, the rest of the money on
    the charges item, the refunded tax as one tax row."""
    key = refund.record_key
    details = []
    goods = Decimal("0")
    tax = Decimal("0")
    for line in refund.lines:
        tax += line.tax
        if line.quantity == 0:
            continue
        sku = (sku_by_line_id.get(line.order_line_id) if line.order_line_id else None) or line.sku
        if not sku:
            raise MappingError(key, f"refund line {line.line_id}: order line {line.order_line_id} has no SKU")
        details.append(
            {
                **_goods_line(sku, line.quantity, line.amount, line.amount, None, erp),
                "OrigInvType": INVOICE,
                "OrigInvNbr": invoice_nbr,
            }
        )
        goods += line.amount
    rest = (refund.amount - goods - tax).quantize(CENT)
    if rest < 0:
        raise MappingError(key, f"amount: {refund.amount} is less than its lines ({goods}) and tax ({tax})")
    if rest > 0:
        if not erp.charges_item:
            raise MappingError(
                key,
                f"amount: {rest} is refunded without goods; set erp.charges_item, the "
                "Acumatica item such money is credited on",
            )
        details.append(_charge_line(erp.charges_item, rest, refund.reason or "Refund", erp))
    fields: dict[str, Any] = {
        "Type": CREDIT_MEMO,
        "CustomerID": customer_id,
        REFERENCE_FIELD: reference,
        "Description": (refund.reason or f"Store refund {refund.source_id}")[:255],
        "Date": refund.created_at,
        "Hold": False,
        "Details": details,
        "FinancialDetails": _financial_details(erp),
    }
    rows = _tax_rows(tax, goods + max(rest, Decimal("0")), erp, key)
    if rows:
        fields["TaxDetails"] = rows
    return fields


def _financial_details(erp: AcumaticaErp) -> dict[str, Any]:
    return {"Branch": erp.branch, "CustomerTaxZone": erp.tax.tax_zone}


def _goods_line(
    sku: str, quantity: int, subtotal: Decimal, total: Decimal, name: str | None, erp: AcumaticaErp
) -> dict[str, Any]:
    # The unit price is rounded up so that Qty × UnitPrice never falls below the subtotal: the discount then
    # takes the line to exactly the store's total.
    unit = (subtotal / quantity).quantize(PRICE_PLACES, rounding=ROUND_CEILING)
    return {
        "InventoryID": sku,
        "Qty": Decimal(quantity),
        "UnitPrice": unit,
        "DiscountAmount": (unit * quantity - total).quantize(PRICE_PLACES),
        "WarehouseID": erp.warehouses[0],
        "TaxCategory": erp.tax.line_tax_category,
        "TransactionDescr": name[:255] if name else None,
    }


def _charge_line(item: str, amount: Decimal, description: str, erp: AcumaticaErp) -> dict[str, Any]:
    # A negative fee (a store's ad-hoc discount) is a line priced 0 with the amount as its discount.
    price, discount = (amount, Decimal("0")) if amount >= 0 else (Decimal("0"), -amount)
    return {
        "InventoryID": item,
        "Qty": Decimal(1),
        "UnitPrice": price.quantize(PRICE_PLACES),
        "DiscountAmount": discount.quantize(PRICE_PLACES),
        "WarehouseID": erp.warehouses[0],
        "TaxCategory": erp.tax.line_tax_category,
        "TransactionDescr": description[:255],
    }


def _tax_rows(tax: Decimal, taxable: Decimal, erp: AcumaticaErp, key: str) -> list[dict[str, Any]]:
    if tax == 0:
        return []
    if not erp.tax.tax_id:
        raise MappingError(key, f"tax: {tax} to enter; set erp.tax.tax_id, the Acumatica tax it is entered under")
    return [{"TaxID": erp.tax.tax_id, "TaxableAmount": taxable.quantize(CENT), "TaxAmount": tax.quantize(CENT)}]
