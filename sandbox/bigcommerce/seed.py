"""The generated world as a BigCommerce store: WooCommerce-shaped seed documents turned into v2 orders (with
their products, shipping addresses, coupons and fees; an ad-hoc discount as a manual discount, fees.py), v3
products with variants, v3 refunds, and each order's payment transactions (transactions.py).

Ids are kept where both platforms have the thing (order, product, order line, refund); a simple product's base
variant, which WooCommerce lacks, gets a fresh id after every other.
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sandbox.bigcommerce.fees import fee_refund_items, manual_discount, order_fees, spread_manual_discount
from sandbox.bigcommerce.money import v2_money, v3_number
from sandbox.bigcommerce.records import OrderRecord, StoreRecords
from sandbox.bigcommerce.statuses import FROM_WOO, PARTIALLY_REFUNDED, PAYMENT_STATUS, STATUS_NAMES
from sandbox.bigcommerce.transactions import seed_transactions

if TYPE_CHECKING:
    from sandbox.seed import World

COUNTRIES = {
    "US": "United States",
    "GB": "United Kingdom",
    "DE": "Germany",
    "IE": "Ireland",
    "FR": "France",
    "CA": "Canada",
    "JP": "Japan",
    "AU": "Australia",
    "NL": "Netherlands",
    "ES": "Spain",
    "IT": "Italy",
}
PROVIDERS = {"stripe": "stripe", "paypal": "paypalcommerce", "bacs": "bankdeposit", "cod": "cod"}


def _utc(gmt: str) -> datetime:
    return datetime.fromisoformat(gmt).replace(tzinfo=UTC)


def _address(woo: dict[str, str]) -> dict[str, Any]:
    iso2 = woo.get("country", "")
    return {
        "first_name": woo.get("first_name", ""),
        "last_name": woo.get("last_name", ""),
        "company": woo.get("company", ""),
        "street_1": woo.get("address_1", ""),
        "street_2": woo.get("address_2", ""),
        "city": woo.get("city", ""),
        "state": woo.get("state", ""),
        "zip": woo.get("postcode", ""),
        "country": COUNTRIES.get(iso2, iso2),
        "country_iso2": iso2,
        "phone": woo.get("phone", ""),
        "email": woo.get("email", ""),
    }


def _status(woo: dict[str, Any]) -> int:
    status_id = FROM_WOO[woo["status"]]
    if woo["refunds"] and status_id != 4:
        return PARTIALLY_REFUNDED
    return status_id


def _order_products(woo: dict[str, Any], address_id: int, base_variants: dict[int, int]) -> list[dict[str, Any]]:
    rows = []
    for line in woo["line_items"]:
        quantity = int(line["quantity"])
        unit = Decimal(line["subtotal"]) / quantity
        tax = Decimal(line["total_tax"])
        rows.append(
            {
                "id": line["id"],
                "order_id": woo["id"],
                "product_id": line["product_id"],
                "variant_id": line["variation_id"] or base_variants.get(line["product_id"], 0),
                "order_address_id": address_id,
                "name": line["name"],
                "name_customer": line["name"],
                "name_merchant": line["name"],
                "sku": line["sku"] or "",
                "upc": "",
                "type": "physical",
                "base_price": v2_money(unit),
                "price_ex_tax": v2_money(unit),
                "price_inc_tax": v2_money(unit + tax / quantity),
                "price_tax": v2_money(tax / quantity),
                "base_total": v2_money(line["subtotal"]),
                "total_ex_tax": v2_money(line["total"]),
                "total_inc_tax": v2_money(Decimal(line["total"]) + tax),
                "total_tax": v2_money(tax),
                "quantity": quantity,
                "is_refunded": False,
                "quantity_refunded": 0,
                "refund_amount": v2_money(0),
                "return_id": 0,
                "quantity_shipped": 0,
                "fixed_shipping_cost": v2_money(0),
                "parent_order_product_id": None,
                "is_bundled_product": False,
                "external_id": None,
                "applied_discounts": [],
                "product_options": [
                    {
                        "id": meta["id"],
                        "display_name": meta["key"].removeprefix("pa_").title(),
                        "display_value": str(meta["value"]).title(),
                        "value": str(meta["value"]),
                        "type": "Multiple choice",
                        "name": meta["key"].removeprefix("pa_"),
                    }
                    for meta in line["meta_data"]
                ],
            }
        )
    return rows


def _order(woo: dict[str, Any], address_id: int, base_variants: dict[int, int]) -> OrderRecord:
    status_id = _status(woo)
    refunded = sum((Decimal(refund["total"].lstrip("-")) for refund in woo["refunds"]), Decimal(0))
    shipping = Decimal(woo["shipping_total"])
    total = Decimal(woo["total"])
    tax = Decimal(woo["total_tax"])
    subtotal = sum((Decimal(line["subtotal"]) for line in woo["line_items"]), Decimal(0))
    method = woo["payment_method"]
    billing = {**_address(woo["billing"]), "form_fields": []}
    products = _order_products(woo, address_id, base_variants)
    discount, discount_tax = manual_discount(woo)
    spread_manual_discount(products, discount, discount_tax)
    document: dict[str, Any] = {
        "id": woo["id"],
        "customer_id": woo["customer_id"],
        "date_shipped": "",
        "status_id": status_id,
        "status": STATUS_NAMES[status_id],
        "subtotal_ex_tax": v2_money(subtotal),
        "subtotal_inc_tax": v2_money(subtotal + Decimal(woo["cart_tax"])),
        "subtotal_tax": v2_money(woo["cart_tax"]),
        "base_shipping_cost": v2_money(shipping),
        "shipping_cost_ex_tax": v2_money(shipping),
        "shipping_cost_inc_tax": v2_money(shipping),
        "shipping_cost_tax": v2_money(woo["shipping_tax"]),
        "shipping_cost_tax_class_id": 2,
        "base_handling_cost": v2_money(0),
        "handling_cost_ex_tax": v2_money(0),
        "handling_cost_inc_tax": v2_money(0),
        "handling_cost_tax": v2_money(0),
        "handling_cost_tax_class_id": 2,
        "base_wrapping_cost": v2_money(0),
        "wrapping_cost_ex_tax": v2_money(0),
        "wrapping_cost_inc_tax": v2_money(0),
        "wrapping_cost_tax": v2_money(0),
        "wrapping_cost_tax_class_id": 3,
        "total_ex_tax": v2_money(total - tax),
        "total_inc_tax": v2_money(total),
        "total_tax": v2_money(tax),
        "is_tax_inclusive_pricing": False,
        "items_total": sum(int(line["quantity"]) for line in woo["line_items"]),
        "items_shipped": 0,
        "payment_method": woo["payment_method_title"] or "Manual",
        "payment_provider_id": "",
        "payment_status": PAYMENT_STATUS.get(status_id, "captured" if method else ""),
        "refunded_amount": v2_money(refunded),
        "order_is_digital": False,
        "store_credit_amount": v2_money(0),
        "gift_certificate_amount": v2_money(0),
        "ip_address": woo["customer_ip_address"],
        "ip_address_v6": "",
        "geoip_country": "",
        "geoip_country_iso2": "",
        "currency_id": 1 if woo["currency"] == "USD" else 2,
        "currency_code": woo["currency"],
        "currency_exchange_rate": "1.0000000000",
        "default_currency_id": 1,
        "default_currency_code": woo["currency"],
        "store_default_currency_code": "USD",
        "store_default_to_transactional_exchange_rate": "1.0000000000" if woo["currency"] == "USD" else "0.9200000000",
        "staff_notes": "",
        "customer_message": woo["customer_note"],
        "discount_amount": v2_money(discount),
        "coupon_discount": v2_money(woo["discount_total"]),
        "shipping_address_count": 1,
        "is_deleted": woo["status"] == "trash",
        "ebay_order_id": "0",
        "cart_id": woo["cart_hash"],
        "billing_address": billing,
        "is_email_opt_in": False,
        "order_source": "www",
        "channel_id": 1,
        "external_source": None,
        "external_id": None,
        "external_merchant_id": None,
        "tax_provider_id": "BasicTaxProvider",
        "customer_locale": "en",
        "external_order_id": "",
    }
    shipping_address = {
        "id": address_id,
        "order_id": woo["id"],
        **_address(woo["shipping"]),
        "email": woo["billing"].get("email", ""),
        "items_total": document["items_total"],
        "items_shipped": 0,
        "shipping_method": woo["shipping_lines"][0]["method_title"] if woo["shipping_lines"] else "None",
        "base_cost": v2_money(shipping),
        "cost_ex_tax": v2_money(shipping),
        "cost_inc_tax": v2_money(shipping),
        "cost_tax": v2_money(0),
        "cost_tax_class_id": 2,
        "base_handling_cost": v2_money(0),
        "handling_cost_ex_tax": v2_money(0),
        "handling_cost_inc_tax": v2_money(0),
        "handling_cost_tax": v2_money(0),
        "handling_cost_tax_class_id": 2,
        "shipping_zone_id": 1,
        "shipping_zone_name": "Everywhere",
        "form_fields": [],
    }
    coupons = [
        {
            "id": line["id"],
            "coupon_id": 1,
            "order_id": woo["id"],
            "code": line["code"],
            "amount": 10,
            "type": 1,
            "discount": v3_number(line["discount"]),
        }
        for line in woo["coupon_lines"]
    ]
    return OrderRecord(
        order_id=woo["id"],
        created=_utc(woo["date_created_gmt"]),
        modified=_utc(woo["date_modified_gmt"]),
        document=document,
        products=products,
        shipping_addresses=[shipping_address],
        coupons=coupons,
        fees=order_fees(woo),
    )


def _variant(woo: dict[str, Any], product_id: int, variant_id: int) -> dict[str, Any]:
    tracked = bool(woo.get("manage_stock"))
    return {
        "id": variant_id,
        "product_id": product_id,
        "sku": woo.get("sku") or "",
        "sku_id": variant_id,
        "price": v3_number(woo["regular_price"] or woo["price"] or 0),
        "sale_price": 0.0,
        "retail_price": 0.0,
        "cost_price": 0.0,
        "calculated_price": v3_number(woo["price"] or 0),
        "weight": 1.0,
        "width": 0.0,
        "height": 0.0,
        "depth": 0.0,
        "is_free_shipping": False,
        "fixed_cost_shipping_price": 0.0,
        "purchasing_disabled": False,
        "purchasing_disabled_message": "",
        "upc": "",
        "inventory_level": int(woo["stock_quantity"] or 0) if tracked else 0,
        "inventory_warning_level": 0,
        "bin_picking_number": "",
        "option_values": [
            {
                "id": index + 1,
                "label": attribute["option"],
                "option_id": index + 1,
                "option_display_name": attribute["name"],
            }
            for index, attribute in enumerate(woo.get("attributes", []))
            if "option" in attribute
        ],
    }


def _product(woo: dict[str, Any], variants: list[dict[str, Any]], children: list[dict[str, Any]]) -> dict[str, Any]:
    variant_tracked = woo["type"] == "variable" and any(child.get("manage_stock") for child in children)
    tracking = "variant" if variant_tracked else ("product" if woo.get("manage_stock") else "none")
    return {
        "id": woo["id"],
        "name": woo["name"],
        "type": "physical",
        "sku": woo["sku"] or "",
        "description": woo["description"],
        "price": v3_number(woo["regular_price"] or woo["price"] or 0),
        "sale_price": 0.0,
        "retail_price": 0.0,
        "cost_price": 0.0,
        "calculated_price": v3_number(woo["price"] or 0),
        "weight": 1.0,
        "categories": [],
        "brand_id": 0,
        "tax_class_id": 0,
        "inventory_level": sum(v["inventory_level"] for v in variants)
        if tracking == "variant"
        else int(woo["stock_quantity"] or 0),
        "inventory_warning_level": 0,
        "inventory_tracking": tracking,
        "is_visible": woo["status"] == "publish",
        "is_featured": False,
        "availability": "available",
        "upc": "",
        "mpn": "",
        "gtin": "",
        "total_sold": 0,
        "base_variant_id": variants[0]["id"] if woo["type"] != "variable" else None,
        "custom_url": {"url": f"/{woo['slug']}/", "is_customized": False},
    }


def build_store(world: World) -> StoreRecords:
    records = StoreRecords()
    used = (
        [p["id"] for p in world.products]
        + [o["id"] for o in world.orders]
        + [v["id"] for children in world.variations.values() for v in children]
    )
    next_id = itertools.count(max(used, default=0) + 1).__next__
    base_variants: dict[int, int] = {}
    for woo in world.products:
        children = world.variations.get(woo["id"], [])
        if woo["type"] == "variable" and children:
            variants = [_variant(child, woo["id"], child["id"]) for child in children]
        else:
            base_variants[woo["id"]] = next_id()
            variants = [_variant(woo, woo["id"], base_variants[woo["id"]])]
        product = _product(woo, variants, children)
        if product["base_variant_id"] is None:
            product["base_variant_id"] = variants[0]["id"]
        records.add_product(product, variants, _utc(woo["date_created_gmt"]), _utc(woo["date_modified_gmt"]))
    for woo in world.orders:
        records.add_order(_order(woo, next_id(), base_variants))
    for order_id, refunds in world.refunds.items():
        method = next(
            (
                PROVIDERS[o["payment_method"]]
                for o in world.orders
                if o["id"] == order_id and o["payment_method"] in PROVIDERS
            ),
            "custom",
        )
        order_total = next((Decimal(o["total"]) for o in world.orders if o["id"] == order_id), None)
        fees = records.orders[order_id].fees if order_id in records.orders else []
        for woo in refunds:
            amount = v3_number(woo["amount"])
            # A refund of the whole order gives its fees back too (WooCommerce's refund names its lines only).
            fee_items = fee_refund_items(fees, woo["reason"]) if Decimal(woo["amount"]) == order_total else []
            records.refunds.append(
                {
                    "id": woo["id"],
                    "order_id": order_id,
                    "user_id": 0,
                    "created": _utc(woo["date_created_gmt"]),
                    "reason": woo["reason"],
                    "total_amount": amount,
                    "total_tax": 0.0,
                    "uses_merchant_override_values": False,
                    "items": [
                        {
                            "item_type": "PRODUCT",
                            "item_id": line["id"],
                            "quantity": abs(int(line["quantity"])),
                            "reason": woo["reason"],
                        }
                        for line in woo["line_items"]
                    ]
                    + fee_items
                    or [
                        {"item_type": "ORDER", "item_id": order_id, "reason": woo["reason"], "requested_amount": amount}
                    ],
                    "payments": [
                        {
                            "id": woo["id"],
                            "provider_id": method,
                            "amount": amount,
                            "offline": method in ("cod", "bankdeposit", "custom"),
                            "is_declined": False,
                            "declined_message": "",
                        }
                    ],
                }
            )
    seed_transactions(records, world.orders)
    return records
