"""The shared world's WooCommerce documents as one Magento store: products by SKU (configurables with their simple
children), customers, a few B2B companies, orders with their items, addresses and payment, captured invoices for
paid orders and credit memos for refunds. Trashed orders are left out: Magento has no trash."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sandbox.adobe_commerce.addresses import customer_address, order_address
from sandbox.adobe_commerce.dates import from_woo_gmt
from sandbox.adobe_commerce.documents import captured_invoice, credit_memo
from sandbox.adobe_commerce.money import amount
from sandbox.adobe_commerce.order_items import order_item_rows, sku_of
from sandbox.adobe_commerce.records import Document, StoreRecords
from sandbox.adobe_commerce.statuses import PAID_STATUSES, PAYMENT_METHODS, PAYMENT_TITLES, STATE_AND_STATUS

if TYPE_CHECKING:
    from sandbox.seed import World

STORE_NAME = "Main Website\nMain Website Store\nDefault Store View"
BASE_CURRENCY = "USD"
COMPANIES = 3
MEMBERS_PER_COMPANY = 2


def build_store(world: World) -> StoreRecords:
    records = StoreRecords()
    product_ids = _products(records, world)
    _customers(records, world)
    _companies(records)
    for order in sorted(world.orders, key=lambda o: o["id"]):
        if order["status"] == "trash":
            continue
        _order(records, order, product_ids)
        document = records.orders[order["id"]]
        if order["status"] in PAID_STATUSES:
            captured_invoice(records, document, from_woo_gmt(order["date_paid_gmt"]) or document["created_at"])
        for refund in sorted(world.refunds.get(order["id"], []), key=lambda r: r["id"]):
            _refund(records, document, refund)
    return records


def _product(product_id: int, source: dict[str, Any], *, type_id: str, visibility: int) -> Document:
    return {
        "id": product_id,
        "sku": sku_of({"sku": source.get("sku"), "product_id": product_id}),
        "name": source["name"],
        "attribute_set_id": 4,
        "price": amount(source.get("price") or source.get("regular_price")),
        "status": 1 if source.get("status", "publish") == "publish" else 2,
        "visibility": visibility,
        "type_id": type_id,
        "created_at": from_woo_gmt(source["date_created_gmt"]),
        "updated_at": from_woo_gmt(source["date_modified_gmt"]),
        "product_links": [],
        "options": [],
        "media_gallery_entries": [],
        "tier_prices": [],
        "custom_attributes": [],
    }


def _products(records: StoreRecords, world: World) -> dict[str, int]:
    """Products under the world's ids (variations under theirs: ids are shared in WordPress); SKU -> id."""
    for source in world.products:
        variations = world.variations.get(source["id"], [])
        kind = "configurable" if source["type"] == "variable" else "simple"
        records.products[source["id"]] = _product(source["id"], source, type_id=kind, visibility=4)
        for variation in variations:
            child = {**variation, "name": f"{source['name']}-{variation['id']}"}
            records.products[variation["id"]] = _product(variation["id"], child, type_id="simple", visibility=1)
    return {product["sku"]: product_id for product_id, product in records.products.items()}


def _customers(records: StoreRecords, world: World) -> None:
    for source in world.customers:
        customer_id = int(source["id"])
        records.customers[customer_id] = {
            "id": customer_id,
            "group_id": 1,
            "default_billing": str(customer_id),
            "default_shipping": str(customer_id),
            "created_at": from_woo_gmt(source["date_created_gmt"]),
            "updated_at": from_woo_gmt(source["date_modified_gmt"]),
            "created_in": "Default Store View",
            "email": source["email"],
            "firstname": source["first_name"] or source["billing"].get("first_name") or "-",
            "lastname": source["last_name"] or source["billing"].get("last_name") or "-",
            "store_id": 1,
            "website_id": 1,
            "addresses": [customer_address(source["billing"], address_id=customer_id, customer_id=customer_id)],
            "disable_auto_group_change": 0,
            "extension_attributes": {"is_subscribed": False},
        }


def _companies(records: StoreRecords) -> None:
    """A few B2B companies: each takes the next customers in id order, the first one its administrator."""
    members = sorted(records.customers)
    for index in range(min(COMPANIES, len(members) // MEMBERS_PER_COMPANY)):
        company_id = index + 1
        users = members[index * MEMBERS_PER_COMPANY : (index + 1) * MEMBERS_PER_COMPANY]
        admin = records.customers[users[0]]
        address = admin["addresses"][0]
        records.companies[company_id] = {
            "id": company_id,
            "status": 1,
            "company_name": f"{admin['lastname']} Trading {company_id}",
            "legal_name": f"{admin['lastname']} Trading {company_id} LLC",
            "company_email": f"purchasing{company_id}@example.com",
            "vat_tax_id": f"VAT{company_id:06d}",
            "street": address["street"] or ["-"],
            "city": address["city"],
            "country_id": address["country_id"],
            "region": address["region"]["region"],
            "region_id": "0",
            "postcode": address["postcode"],
            "telephone": address["telephone"],
            "customer_group_id": 1,
            "sales_representative_id": 1,
            "reject_reason": None,
            "rejected_at": None,
            "super_user_id": users[0],
            "extension_attributes": {"applicable_payment_method": 0, "use_config_settings": 1},
        }
        for user in users:
            customer = records.customers[user]
            customer["extension_attributes"]["company_attributes"] = {
                "customer_id": user,
                "company_id": company_id,
                "job_title": "Buyer" if user != users[0] else "Purchasing manager",
                "status": 1,
                "telephone": address["telephone"],
            }


def _order(records: StoreRecords, source: dict[str, Any], product_ids: dict[str, int]) -> None:
    order_id = int(source["id"])
    created = from_woo_gmt(source["date_created_gmt"]) or ""
    updated = from_woo_gmt(source["date_modified_gmt"]) or created
    state, status = STATE_AND_STATUS[source["status"]]
    customer_id = int(source["customer_id"]) or None
    if customer_id is not None and customer_id not in records.customers:
        customer_id = None
    email = source["billing"].get("email") or ""
    first_item = records.next_ids.get("order_item", 1)
    numbered = list(order_item_rows(source, first_item, created, updated, product_ids))
    rows = [row for _line, row in numbered]
    records.line_rows[order_id] = {line: row["item_id"] for line, row in numbered if "parent_item_id" not in row}
    records.next_ids["order_item"] = first_item + len(rows)
    billing_id, shipping_id = records.take_id("order_address"), records.take_id("order_address")
    billing = order_address(
        source["billing"], kind="billing", entity_id=billing_id, order_id=order_id, email=email, customer_id=customer_id
    )
    shipping_block = source["shipping"] if source["shipping"].get("address_1") else source["billing"]
    shipping = order_address(
        shipping_block, kind="shipping", entity_id=shipping_id, order_id=order_id, email=email, customer_id=customer_id
    )
    subtotal = amount(sum(row["row_total"] for row in rows))
    tax, shipping_amount = amount(source["total_tax"]), amount(source["shipping_total"])
    shipping_tax = amount(source["shipping_tax"])
    discount = -amount(source["discount_total"])  # Magento keeps discounts negative
    grand_total = amount(source["total"])
    method = PAYMENT_METHODS.get(source["payment_method"], source["payment_method"] or "checkmo")
    currency = source["currency"]
    document: Document = {
        "entity_id": order_id,
        "increment_id": f"{order_id:09d}",
        "state": state,
        "status": status,
        "created_at": created,
        "updated_at": updated,
        "store_id": 1,
        "store_name": STORE_NAME,
        "customer_email": email,
        "customer_firstname": source["billing"].get("first_name") or "",
        "customer_lastname": source["billing"].get("last_name") or "",
        "customer_group_id": 1 if customer_id else 0,
        "customer_is_guest": 0 if customer_id else 1,
        "customer_note_notify": 1,
        "remote_ip": source.get("customer_ip_address") or "",
        "order_currency_code": currency,
        "base_currency_code": BASE_CURRENCY,
        "global_currency_code": BASE_CURRENCY,
        "store_currency_code": BASE_CURRENCY,
        "base_to_global_rate": 1.0,
        "base_to_order_rate": 1.0,
        "store_to_base_rate": 0.0,
        "store_to_order_rate": 0.0,
        "subtotal": subtotal,
        "base_subtotal": subtotal,
        "subtotal_incl_tax": amount(subtotal + tax - shipping_tax),
        "tax_amount": tax,
        "base_tax_amount": tax,
        "shipping_amount": shipping_amount,
        "base_shipping_amount": shipping_amount,
        "shipping_tax_amount": shipping_tax,
        "base_shipping_tax_amount": shipping_tax,
        "shipping_incl_tax": amount(shipping_amount + shipping_tax),
        "base_shipping_incl_tax": amount(shipping_amount + shipping_tax),
        "shipping_description": (source["shipping_lines"] or [{}])[0].get("method_title") or "Flat Rate - Fixed",
        "discount_amount": discount,
        "base_discount_amount": discount,
        "grand_total": grand_total,
        "base_grand_total": grand_total,
        "total_due": grand_total,
        "base_total_due": grand_total,
        "total_paid": 0.0,
        "base_total_paid": 0.0,
        "total_invoiced": 0.0,
        "base_total_invoiced": 0.0,
        "total_refunded": 0.0,
        "base_total_refunded": 0.0,
        "total_offline_refunded": 0.0,
        "base_total_offline_refunded": 0.0,
        "total_qty_ordered": sum(row["qty_ordered"] for row in rows if "parent_item_id" not in row),
        "total_item_count": sum(1 for row in rows if "parent_item_id" not in row),
        "is_virtual": 0,
        "email_sent": 1,
        "billing_address_id": billing_id,
        "quote_id": order_id,
        "protect_code": source.get("order_key", "")[-6:],
        "weight": 0.0,
        "items": rows,
        "billing_address": billing,
        "payment": {
            "entity_id": order_id,
            "parent_id": order_id,
            "method": method,
            "account_status": None,
            "additional_information": [PAYMENT_TITLES.get(method, method)],
            "cc_last4": None,
            "amount_ordered": grand_total,
            "base_amount_ordered": grand_total,
            "amount_paid": 0.0,
            "base_amount_paid": 0.0,
            "shipping_amount": shipping_amount,
            "base_shipping_amount": shipping_amount,
        },
        "status_histories": [],
        "extension_attributes": {
            "shipping_assignments": [
                {
                    "shipping": {
                        "address": shipping,
                        "method": "flatrate_flatrate",
                        "total": {"shipping_amount": shipping_amount, "base_shipping_amount": shipping_amount},
                    },
                    "items": [row for row in rows if "parent_item_id" not in row],
                }
            ],
        },
    }
    if customer_id is not None:
        document["customer_id"] = customer_id
        company = _company_of(records, customer_id)
        if company is not None:
            document["extension_attributes"]["company_order_attributes"] = {
                "order_id": order_id, "company_id": company["id"], "company_name": company["company_name"],
            }  # fmt: skip
    if source.get("customer_note"):
        document["customer_note"] = source["customer_note"]
    if source["coupon_lines"]:
        document["coupon_code"] = source["coupon_lines"][0]["code"]
        document["discount_description"] = source["coupon_lines"][0]["code"]
    records.orders[order_id] = document


def _company_of(records: StoreRecords, customer_id: int) -> Document | None:
    attributes = records.customers[customer_id]["extension_attributes"].get("company_attributes")
    return records.companies.get(attributes["company_id"]) if attributes else None


def _refund(records: StoreRecords, order: Document, refund: dict[str, Any]) -> None:
    """A WooCommerce refund as a credit memo: its lines against the order's rows (the parent row of a
    configurable carries the amount), its shipping, and the rest as an adjustment."""
    rows_by_line = records.line_rows.get(order["entity_id"], {})
    lines = []
    for line in refund["line_items"]:
        refunded_line = next((m["value"] for m in line["meta_data"] if m["key"] == "_refunded_item_id"), None)
        row_id = rows_by_line.get(int(refunded_line)) if refunded_line else None
        if row_id is not None:
            lines.append((row_id, abs(float(line["quantity"])), abs(amount(line["total"]))))
    shipping = abs(amount(sum(float(s["total"]) for s in refund["shipping_lines"])))
    created = from_woo_gmt(refund["date_created_gmt"]) or order["updated_at"]
    credit_memo(records, order, created, total=amount(refund["amount"]), lines=lines, shipping=shipping)
