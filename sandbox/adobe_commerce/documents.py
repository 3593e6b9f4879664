"""Invoices and credit memos of an order, built the way Magento totals them (used by the seed and by the admin
routes that add one)."""

from __future__ import annotations

from typing import Any

from sandbox.adobe_commerce.money import amount
from sandbox.adobe_commerce.records import Document, StoreRecords
from sandbox.adobe_commerce.statuses import CREDITMEMO_STATE_REFUNDED, INVOICE_STATE_PAID


def _currency_fields(order: Document) -> dict[str, Any]:
    return {
        "order_currency_code": order["order_currency_code"],
        "base_currency_code": order["base_currency_code"],
        "global_currency_code": order["global_currency_code"],
        "store_currency_code": order["store_currency_code"],
        "store_id": 1,
        "base_to_global_rate": 1.0,
        "base_to_order_rate": 1.0,
        "store_to_base_rate": 0.0,
        "store_to_order_rate": 0.0,
    }


def captured_invoice(records: StoreRecords, order: Document, created_at: str) -> Document:
    """A paid invoice of every item the order still has to invoice (`state` 2), the order's totals updated."""
    entity_id = records.take_id("invoice")
    items = []
    for row in order["items"]:
        qty = row["qty_ordered"] - row["qty_invoiced"]
        if qty <= 0:
            continue
        row["qty_invoiced"] = row["qty_ordered"]
        item: Document = {
            "entity_id": records.take_id("invoice_item"),
            "parent_id": entity_id,
            "order_item_id": row["item_id"],
            "sku": row["sku"],
            "name": row["name"],
            "product_id": row["product_id"],
            "qty": qty,
            "price": row.get("price", 0.0),
            "base_price": row.get("base_price", 0.0),
            "row_total": row.get("row_total", 0.0),
            "base_row_total": row.get("base_row_total", 0.0),
            "tax_amount": row.get("tax_amount", 0.0),
            "base_tax_amount": row.get("base_tax_amount", 0.0),
            "discount_amount": row.get("discount_amount", 0.0),
        }
        items.append(item)
    invoice: Document = {
        "entity_id": entity_id,
        "increment_id": f"{entity_id:09d}",
        "order_id": order["entity_id"],
        "state": INVOICE_STATE_PAID,
        "can_void_flag": 0,
        "email_sent": 1,
        "is_used_for_refund": 0,
        "billing_address_id": order["billing_address_id"],
        "grand_total": order["grand_total"],
        "base_grand_total": order["base_grand_total"],
        "subtotal": order["subtotal"],
        "base_subtotal": order["base_subtotal"],
        "subtotal_incl_tax": order["subtotal_incl_tax"],
        "tax_amount": order["tax_amount"],
        "base_tax_amount": order["base_tax_amount"],
        "shipping_amount": order["shipping_amount"],
        "base_shipping_amount": order["base_shipping_amount"],
        "shipping_incl_tax": order["shipping_incl_tax"],
        "discount_amount": order["discount_amount"],
        "base_discount_amount": order["base_discount_amount"],
        "total_qty": sum(item["qty"] for item in items),
        "transaction_id": f"txn-{order['entity_id']}-{entity_id}",
        "created_at": created_at,
        "updated_at": created_at,
        "items": items,
        "comments": [],
        **_currency_fields(order),
    }
    order["total_invoiced"] = order["base_total_invoiced"] = order["grand_total"]
    order["total_paid"] = order["base_total_paid"] = order["grand_total"]
    order["total_due"] = order["base_total_due"] = 0.0
    order["payment"]["amount_paid"] = order["payment"]["base_amount_paid"] = order["grand_total"]
    records.invoices[entity_id] = invoice
    return invoice


def credit_memo(
    records: StoreRecords,
    order: Document,
    created_at: str,
    *,
    total: float,
    lines: list[tuple[int, float, float]],
    shipping: float = 0.0,
) -> Document:
    """A refunded credit memo: `lines` are (order item id, qty, row amount); what the lines and shipping do not
    explain is `adjustment_positive` (a refund beyond them) or `adjustment_negative` (a fee kept back)."""
    entity_id = records.take_id("creditmemo")
    by_id = {row["item_id"]: row for row in order["items"]}
    items = []
    for item_id, qty, row_amount in lines:
        row = by_id[item_id]
        row["qty_refunded"] = row["qty_refunded"] + qty
        row["amount_refunded"] = amount(row["amount_refunded"] + row_amount)
        items.append({
            "entity_id": records.take_id("creditmemo_item"),
            "parent_id": entity_id,
            "order_item_id": item_id,
            "sku": row["sku"],
            "name": row["name"],
            "product_id": row["product_id"],
            "qty": qty,
            "price": amount(row_amount / qty) if qty else 0.0,
            "base_price": amount(row_amount / qty) if qty else 0.0,
            "base_cost": 0.0,
            "row_total": row_amount,
            "base_row_total": row_amount,
            "tax_amount": 0.0,
            "discount_amount": 0.0,
        })  # fmt: skip
    subtotal = amount(sum(line[2] for line in lines))
    rest = amount(total - subtotal - shipping)
    invoice_id = next((i["entity_id"] for i in records.invoices.values() if i["order_id"] == order["entity_id"]), None)
    memo: Document = {
        "entity_id": entity_id,
        "increment_id": f"{entity_id:09d}",
        "order_id": order["entity_id"],
        "state": CREDITMEMO_STATE_REFUNDED,
        "email_sent": 0,
        "billing_address_id": order["billing_address_id"],
        "subtotal": subtotal,
        "base_subtotal": subtotal,
        "subtotal_incl_tax": subtotal,
        "shipping_amount": shipping,
        "base_shipping_amount": shipping,
        "shipping_incl_tax": shipping,
        "tax_amount": 0.0,
        "base_tax_amount": 0.0,
        "discount_amount": 0.0,
        "adjustment_positive": max(rest, 0.0),
        "base_adjustment_positive": max(rest, 0.0),
        "adjustment_negative": max(-rest, 0.0),
        "base_adjustment_negative": max(-rest, 0.0),
        "adjustment": rest,
        "base_adjustment": rest,
        "grand_total": amount(total),
        "base_grand_total": amount(total),
        "created_at": created_at,
        "updated_at": created_at,
        "items": items,
        "comments": [],
        **_currency_fields(order),
    }
    if invoice_id is not None:
        memo["invoice_id"] = invoice_id
    refunded = amount(order["total_refunded"] + total)
    order["total_refunded"] = order["base_total_refunded"] = refunded
    order["total_offline_refunded"] = order["base_total_offline_refunded"] = refunded
    order["payment"]["amount_refunded"] = order["payment"]["base_amount_refunded"] = refunded
    records.creditmemos[entity_id] = memo
    return memo
