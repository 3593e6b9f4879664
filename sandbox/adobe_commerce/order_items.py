"""An order's lines as Magento stores them: a simple product is one row; a configurable product is a parent row
(`product_type` configurable, the chosen child's SKU, the price) and a child row (`product_type` simple, price 0,
`parent_item_id` and the whole `parent_item`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sandbox.adobe_commerce.money import amount


def sku_of(line: dict[str, Any]) -> str:
    """Every Magento product has a SKU; a world product without one gets its product id as SKU."""
    return str(line.get("sku") or f"product-{line.get('variation_id') or line.get('product_id')}")


def order_item_rows(
    order: dict[str, Any], first_item_id: int, created_at: str, updated_at: str, product_ids: dict[str, int]
) -> Iterator[tuple[int, dict[str, Any]]]:
    """(WooCommerce line id, row) for every row, parents before their children; item ids count up from
    `first_item_id`."""
    item_id = first_item_id
    for line in order["line_items"]:
        quantity = float(line["quantity"])
        row_total, tax = amount(line["total"]), amount(line["total_tax"])
        price = amount(row_total / quantity) if quantity else 0.0
        sku = sku_of(line)
        row: dict[str, Any] = {
            "item_id": item_id,
            "order_id": order["id"],
            "sku": sku,
            "name": line["parent_name"] or line["name"] if line["variation_id"] else line["name"],
            "product_id": product_ids.get(sku, int(line["product_id"])),
            "product_type": "configurable" if line["variation_id"] else "simple",
            "qty_ordered": quantity,
            "qty_invoiced": 0.0,
            "qty_refunded": 0.0,
            "qty_canceled": 0.0,
            "qty_shipped": 0.0,
            "price": price,
            "base_price": price,
            "original_price": price,
            "price_incl_tax": amount((row_total + tax) / quantity) if quantity else 0.0,
            "row_total": row_total,
            "base_row_total": row_total,
            "row_total_incl_tax": amount(row_total + tax),
            "tax_amount": tax,
            "base_tax_amount": tax,
            "tax_percent": amount(tax * 100 / row_total) if row_total else 0.0,
            "discount_amount": amount(float(line["subtotal"]) - row_total),
            "amount_refunded": 0.0,
            "is_virtual": 0,
            "is_qty_decimal": 0,
            "store_id": 1,
            "created_at": created_at,
            "updated_at": updated_at,
        }
        yield line["id"], row
        item_id += 1
        if line["variation_id"]:
            child = {
                **{
                    key: row[key]
                    for key in (
                        "order_id",
                        "sku",
                        "qty_ordered",
                        "qty_invoiced",
                        "qty_refunded",
                        "qty_canceled",
                        "qty_shipped",
                        "is_virtual",
                        "is_qty_decimal",
                        "store_id",
                        "created_at",
                        "updated_at",
                    )
                },
                "item_id": item_id,
                "name": line["name"],
                "product_id": product_ids.get(sku, int(line["variation_id"])),
                "product_type": "simple",
                "parent_item_id": row["item_id"],
                "parent_item": row,
                "price": 0.0,
                "base_price": 0.0,
                "original_price": 0.0,
                "row_total": 0.0,
                "base_row_total": 0.0,
                "tax_amount": 0.0,
                "base_tax_amount": 0.0,
                "discount_amount": 0.0,
                "amount_refunded": 0.0,
            }
            yield line["id"], child
            item_id += 1
