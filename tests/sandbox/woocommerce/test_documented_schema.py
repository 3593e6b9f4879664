"""Responses carry exactly the documented wc/v3 properties with the documented types.

Field lists are taken from the property tables of specs/woocommerce/source/includes/wp-api-v3/_orders.md
("Order properties" and its sub-tables), _products.md ("Product properties"), _product-variations.md,
_order-refunds.md, _customers.md and _webhooks.md. Write-only request fields (`set_paid`, `password`, `secret`,
`api_refund`, `api_restock`) are left out, and `_links` is allowed everywhere. Where the docs' examples and the
tables disagree the examples win: line item `price` and a variation's `shipping_class_id` are numbers there.
The fields a real WooCommerce 9.9.5 store sends beyond those tables (API-FACTS section 1, "Fields a real 9.9.5
store sends") are required too, kept apart in the `SEEN_ON_9_9_5` parts below.
"""

from __future__ import annotations

# `any` leaves the trash out even beside `trash` (a list naming `any` reads as `any` alone): name them all.
EVERY_STATUS = "pending,processing,on-hold,completed,cancelled,refunded,failed,trash"

NUMBER = (int, float)
NULLABLE_DATE = (str, type(None))

ORDER = {
    "id": int, "parent_id": int, "number": str, "order_key": str, "created_via": str, "version": str, "status": str,
    "currency": str, "date_created": str, "date_created_gmt": str, "date_modified": str, "date_modified_gmt": str,
    "discount_total": str, "discount_tax": str, "shipping_total": str, "shipping_tax": str, "cart_tax": str,
    "total": str, "total_tax": str, "prices_include_tax": bool, "customer_id": int, "customer_ip_address": str,
    "customer_user_agent": str, "customer_note": str, "billing": dict, "shipping": dict, "payment_method": str,
    "payment_method_title": str, "transaction_id": str, "date_paid": NULLABLE_DATE, "date_paid_gmt": NULLABLE_DATE,
    "date_completed": NULLABLE_DATE, "date_completed_gmt": NULLABLE_DATE, "cart_hash": str, "meta_data": list,
    "line_items": list, "tax_lines": list, "shipping_lines": list, "fee_lines": list, "coupon_lines": list,
    "refunds": list,
}
BILLING = dict.fromkeys(("first_name", "last_name", "company", "address_1", "address_2", "city", "state",
                         "postcode", "country", "email", "phone"), str)
SHIPPING = {k: v for k, v in BILLING.items() if k not in ("email", "phone")}
META = {"id": int, "key": str, "value": object}
LINE_ITEM = {"id": int, "name": str, "product_id": int, "variation_id": int, "quantity": int, "tax_class": str,
             "subtotal": str, "subtotal_tax": str, "total": str, "total_tax": str, "taxes": list, "meta_data": list,
             "sku": str, "price": NUMBER}
TAX_LINE = {"id": int, "rate_code": str, "rate_id": int, "label": str, "compound": bool, "tax_total": str,
            "shipping_tax_total": str, "meta_data": list}
SHIPPING_LINE = {"id": int, "method_title": str, "method_id": str, "total": str, "total_tax": str, "taxes": list,
                 "meta_data": list}
FEE_LINE = {"id": int, "name": str, "tax_class": str, "tax_status": str, "total": str, "total_tax": str,
            "taxes": list, "meta_data": list}
COUPON_LINE = {"id": int, "code": str, "discount": str, "discount_tax": str, "meta_data": list}
REFUND_SUMMARY = {"id": int, "reason": str, "total": str}
REFUND = {"id": int, "date_created": str, "date_created_gmt": str, "amount": str, "reason": str, "refunded_by": int,
          "refunded_payment": bool, "meta_data": list, "line_items": list}
PRODUCT = {
    "id": int, "name": str, "slug": str, "permalink": str, "date_created": str, "date_created_gmt": str,
    "date_modified": str, "date_modified_gmt": str, "type": str, "status": str, "featured": bool,
    "catalog_visibility": str, "description": str, "short_description": str, "sku": str, "price": str,
    "regular_price": str, "sale_price": str, "date_on_sale_from": NULLABLE_DATE, "date_on_sale_from_gmt": NULLABLE_DATE,
    "date_on_sale_to": NULLABLE_DATE, "date_on_sale_to_gmt": NULLABLE_DATE, "price_html": str, "on_sale": bool,
    "purchasable": bool, "total_sales": int, "virtual": bool, "downloadable": bool, "downloads": list,
    "download_limit": int, "download_expiry": int, "external_url": str, "button_text": str, "tax_status": str,
    "tax_class": str, "manage_stock": bool, "stock_quantity": (int, type(None)), "stock_status": str,
    "backorders": str, "backorders_allowed": bool, "backordered": bool, "sold_individually": bool, "weight": str,
    "dimensions": dict, "shipping_required": bool, "shipping_taxable": bool, "shipping_class": str,
    "shipping_class_id": int, "reviews_allowed": bool, "average_rating": str, "rating_count": int,
    "related_ids": list, "upsell_ids": list, "cross_sell_ids": list, "parent_id": int, "purchase_note": str,
    "categories": list, "tags": list, "images": list, "attributes": list, "default_attributes": list,
    "variations": list, "grouped_products": list, "menu_order": int, "meta_data": list,
}
VARIATION = {
    "id": int, "date_created": str, "date_created_gmt": str, "date_modified": str, "date_modified_gmt": str,
    "description": str, "permalink": str, "sku": str, "price": str, "regular_price": str, "sale_price": str,
    "date_on_sale_from": NULLABLE_DATE, "date_on_sale_from_gmt": NULLABLE_DATE, "date_on_sale_to": NULLABLE_DATE,
    "date_on_sale_to_gmt": NULLABLE_DATE, "on_sale": bool, "status": str, "purchasable": bool, "virtual": bool,
    "downloadable": bool, "downloads": list, "download_limit": int, "download_expiry": int, "tax_status": str,
    "tax_class": str, "manage_stock": bool, "stock_quantity": (int, type(None)), "stock_status": str,
    "backorders": str, "backorders_allowed": bool, "backordered": bool, "weight": str, "dimensions": dict,
    "shipping_class": str, "shipping_class_id": int, "image": (dict, type(None)), "attributes": list,
    "menu_order": int, "meta_data": list,
}
CUSTOMER = {"id": int, "date_created": str, "date_created_gmt": str, "date_modified": str, "date_modified_gmt": str,
            "email": str, "first_name": str, "last_name": str, "role": str, "username": str, "billing": dict,
            "shipping": dict, "is_paying_customer": bool, "avatar_url": str, "meta_data": list}
# Beyond the docs' tables: what a real 9.9.5 store sends (API-FACTS section 1).
ORDER_SEEN_ON_9_9_5 = {"currency_symbol": str, "payment_url": str, "is_editable": bool, "needs_payment": bool,
                       "needs_processing": bool}
LINE_ITEM_SEEN_ON_9_9_5 = {"image": dict, "parent_name": (str, type(None))}
SHIPPING_LINE_SEEN_ON_9_9_5 = {"instance_id": str, "tax_status": str}
FEE_LINE_SEEN_ON_9_9_5 = {"amount": str}
COUPON_LINE_SEEN_ON_9_9_5 = {"discount_type": str, "nominal_amount": NUMBER, "free_shipping": bool}
REFUND_SEEN_ON_9_9_5 = {"shipping_lines": list, "tax_lines": list, "fee_lines": list}
PRODUCT_SEEN_ON_9_9_5 = {"brands": list, "global_unique_id": str, "has_options": bool,
                         "low_stock_amount": (int, type(None)), "post_password": str}
VARIATION_SEEN_ON_9_9_5 = {"name": str, "parent_id": int, "type": str, "global_unique_id": str,
                           "low_stock_amount": (int, type(None))}
ORDER |= ORDER_SEEN_ON_9_9_5
SHIPPING = {**SHIPPING, "phone": str}
LINE_ITEM |= LINE_ITEM_SEEN_ON_9_9_5
SHIPPING_LINE |= SHIPPING_LINE_SEEN_ON_9_9_5
FEE_LINE |= FEE_LINE_SEEN_ON_9_9_5
COUPON_LINE |= COUPON_LINE_SEEN_ON_9_9_5
REFUND |= REFUND_SEEN_ON_9_9_5
PRODUCT |= PRODUCT_SEEN_ON_9_9_5
VARIATION |= VARIATION_SEEN_ON_9_9_5

WEBHOOK = {"id": int, "name": str, "status": str, "topic": str, "resource": str, "event": str, "hooks": list,
           "delivery_url": str, "date_created": str, "date_created_gmt": str, "date_modified": str,
           "date_modified_gmt": str}


def conforms(document: dict, schema: dict, where: str) -> None:
    extra = set(document) - set(schema) - {"_links"}
    missing = set(schema) - set(document)
    assert not extra and not missing, f"{where}: undocumented {sorted(extra)}, missing {sorted(missing)}"
    for name, expected in schema.items():
        assert isinstance(document[name], expected), f"{where}.{name} is {type(document[name]).__name__}"


def test_every_order_matches_the_documented_properties(store):
    for order in store.get("/orders", params={"per_page": 100, "status": EVERY_STATUS}).json():
        where = f"order {order['id']}"
        conforms(order, ORDER, where)
        conforms(order["billing"], BILLING, f"{where}.billing")
        conforms(order["shipping"], SHIPPING, f"{where}.shipping")
        for part, schema in (("line_items", LINE_ITEM), ("tax_lines", TAX_LINE), ("shipping_lines", SHIPPING_LINE),
                             ("fee_lines", FEE_LINE), ("coupon_lines", COUPON_LINE), ("refunds", REFUND_SUMMARY),
                             ("meta_data", META)):
            for item in order[part]:
                conforms(item, schema, f"{where}.{part}")
        assert set(order["_links"]) >= {"self", "collection"}


def test_refunds_match_the_documented_properties(store):
    for order_id in store.state.world.refunds:
        for refund in store.get(f"/orders/{order_id}/refunds").json():
            conforms(refund, REFUND, f"refund {refund['id']}")
            for line in refund["line_items"]:
                conforms(line, LINE_ITEM, f"refund {refund['id']}.line_items")


def test_products_and_variations_match_the_documented_properties(store):
    for product in store.get("/products", params={"per_page": 100}).json():
        conforms(product, PRODUCT, f"product {product['id']}")
        if product["type"] == "variable":
            for variation in store.get(f"/products/{product['id']}/variations").json():
                conforms(variation, VARIATION, f"variation {variation['id']}")


def test_customers_and_webhooks_match_the_documented_properties(store):
    for customer in store.get("/customers", params={"per_page": 100}).json():
        conforms(customer, CUSTOMER, f"customer {customer['id']}")
    created = store.request("POST", "/webhooks", json={"topic": "order.created", "delivery_url": "http://127.0.0.1:9/x",
                                                       "status": "paused"}).json()
    conforms(created, WEBHOOK, "webhook")


def test_money_is_sent_as_strings_with_two_decimals(store):
    order = store.get("/orders").json()[0]
    for key in ("total", "total_tax", "shipping_total", "discount_total", "cart_tax"):
        assert order[key].count(".") == 1 and len(order[key].rsplit(".", 1)[1]) == 2


def test_json_is_printed_as_wordpress_prints_it(store):
    """wp_json_encode escapes `/` and non-ASCII, so byte-level checks (signatures) see the store's bytes."""
    raw = store.get("/orders", params={"per_page": 100}).content
    assert b"\\/" in raw and b"http://" not in raw and b"https://" not in raw
    assert raw.isascii()
