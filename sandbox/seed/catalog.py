"""The store catalog: simple products, variable products with their variations, and a few products without SKU."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sandbox.seed.clock import woo_dates
from sandbox.seed.money import cents_to_str

PRODUCT_WORDS = ("Hoodie", "Tee", "Mug", "Cap", "Backpack", "Scarf", "Notebook", "Bottle", "Sneaker", "Jacket")
UNICODE_PRODUCT_NAMES = ("Café Crème Mug", "抹茶 Matcha Tin", "Rocket 🚀 Tee", "Ñandú Plush")
COLORS = ("Red", "Blue", "Green", "Black")
SIZES = ("S", "M", "L", "XL")
STORE_URL = "https://shop.example.com"


@dataclass(frozen=True)
class Sellable:
    """Something an order line can point at: a simple product or one variation of a variable product."""

    product_id: int
    variation_id: int
    sku: str
    name: str
    price_cents: int
    parent_name: str | None = None  # a variation's parent product name; order lines send it as `parent_name`


@dataclass
class Catalog:
    products: list[dict] = field(default_factory=list)
    variations: dict[int, list[dict]] = field(default_factory=dict)
    sellables: list[Sellable] = field(default_factory=list)


def _slug(name: str, product_id: int) -> str:
    return f"{''.join(c if c.isascii() and c.isalnum() else '-' for c in name.lower()).strip('-')}-{product_id}"


def custom_attribute_slug(name: str) -> str:
    """The key WooCommerce files a custom (non-taxonomy) attribute under: sanitize_title() of its name."""
    return "-".join("".join(c if c.isalnum() else " " for c in name.lower()).split())


def _stock_status(manage_stock: bool, quantity: int | None) -> str:
    if manage_stock:
        return "instock" if (quantity or 0) > 0 else "outofstock"
    return "instock"


def _base_fields(created: datetime) -> dict:
    local, gmt = woo_dates(created)
    return {"date_created": local, "date_created_gmt": gmt, "date_modified": local, "date_modified_gmt": gmt,
            "date_on_sale_from": None, "date_on_sale_from_gmt": None, "date_on_sale_to": None,
            "date_on_sale_to_gmt": None, "on_sale": False, "status": "publish", "purchasable": True,
            "virtual": False, "downloadable": False, "downloads": [], "download_limit": -1, "download_expiry": -1,
            "tax_status": "taxable", "tax_class": "", "backorders": "no", "backorders_allowed": False,
            "backordered": False, "weight": "", "dimensions": {"length": "", "width": "", "height": ""},
            "shipping_class": "", "menu_order": 0, "meta_data": [],
            # Sent by a 9.9.5 store beyond the docs' tables (API-FACTS section 1): no GTIN/EAN, and no low-stock
            # threshold of its own (the store-wide one applies; the controller prints the unset amount as null).
            "global_unique_id": "", "low_stock_amount": None}


def product_document(product_id: int, name: str, sku: str, created: datetime, *, kind: str,
                     price_cents: int | None, stock: int | None) -> dict:
    price = cents_to_str(price_cents) if price_cents is not None else ""
    manage_stock = stock is not None
    doc = _base_fields(created)
    doc.update({
        "id": product_id, "name": name, "slug": _slug(name, product_id),
        "permalink": f"{STORE_URL}/product/{_slug(name, product_id)}/", "type": kind, "featured": False,
        "catalog_visibility": "visible", "description": f"<p>{name}</p>", "short_description": "", "sku": sku,
        "price": price, "regular_price": price if kind == "simple" else "", "sale_price": "",
        "price_html": f"<span class=\"amount\">${price}</span>" if price else "", "total_sales": 0,
        "external_url": "", "button_text": "", "manage_stock": manage_stock, "stock_quantity": stock,
        "stock_status": _stock_status(manage_stock, stock), "sold_individually": False,
        "shipping_required": True, "shipping_taxable": True, "shipping_class_id": 0, "reviews_allowed": True,
        "average_rating": "0.00", "rating_count": 0, "related_ids": [], "upsell_ids": [], "cross_sell_ids": [],
        "parent_id": 0, "purchase_note": "", "categories": [{"id": 15, "name": "Uncategorized",
                                                             "slug": "uncategorized"}],
        "tags": [], "images": [], "attributes": [], "default_attributes": [], "variations": [],
        "grouped_products": [],
        # A 9.9.5 store also sends these: brand terms (product_brand), WC_Product::has_options() (true for a
        # variable product, whose options are picked before adding to cart), and the post password.
        "brands": [], "has_options": kind == "variable", "post_password": "",
    })
    return doc


def variation_name(parent_name: str, attributes: list[dict]) -> str:
    """WooCommerce titles a variation after its parent and its options: "Hoodie - Red, M"."""
    options = ", ".join(a["option"] for a in attributes if a.get("option"))
    return f"{parent_name} - {options}" if options else parent_name


def variation_attribute(name: str, option: str) -> dict:
    """One option of a variation; a custom attribute's slug is its sanitized name (variations controller
    get_attributes(): `attribute_color` gives `color`)."""
    return {"id": 0, "name": name, "slug": custom_attribute_slug(name), "option": option}


def variation_document(variation_id: int, parent_slug: str, sku: str, created: datetime,
                       attributes: list[dict], price_cents: int, stock: int, *, parent_id: int = 0,
                       parent_name: str = "") -> dict:
    price = cents_to_str(price_cents)
    doc = _base_fields(created)
    doc.update({
        "id": variation_id, "name": variation_name(parent_name, attributes), "parent_id": parent_id,
        "type": "variation", "description": "", "permalink": f"{STORE_URL}/product/{parent_slug}/?variation_id="
                                                            f"{variation_id}",
        "sku": sku, "price": price, "regular_price": price, "sale_price": "", "manage_stock": True,
        # An integer like the product's: the controller sends get_shipping_class_id() as is, and the docs' variation
        # examples print `"shipping_class_id": 0` (their property table's "string" is not what a store sends).
        "stock_quantity": stock, "stock_status": _stock_status(True, stock), "shipping_class_id": 0,
        "image": None, "attributes": attributes,
    })
    return doc


def build_catalog(rng: random.Random, skus: int, next_post_id, created_before: datetime) -> Catalog:
    """Build `skus` sellable SKUs: about a third of them as variations, plus three SKU-less simple products."""
    catalog = Catalog()
    remaining = skus
    serial = 0
    while remaining > 0:
        created = created_before - timedelta(days=400 + rng.randrange(300), seconds=rng.randrange(86400))
        word = PRODUCT_WORDS[serial % len(PRODUCT_WORDS)]
        name = UNICODE_PRODUCT_NAMES[serial] if serial < len(UNICODE_PRODUCT_NAMES) else f"{word} {serial:05d}"
        price_cents = rng.randrange(5, 200) * 100 + rng.choice((0, 50, 99))
        product_id = next_post_id()
        variable = serial % 3 == 1 and remaining >= 2
        if not variable:
            sku = f"{word.upper()}-{serial:05d}"
            stock = rng.randrange(0, 120) if serial % 7 else None
            catalog.products.append(product_document(product_id, name, sku, created, kind="simple",
                                                     price_cents=price_cents, stock=stock))
            catalog.sellables.append(Sellable(product_id, 0, sku, name, price_cents))
            remaining -= 1
        else:
            count = min(remaining, 2 + rng.randrange(4))
            parent = product_document(product_id, name, f"{word.upper()}-STYLE-{serial:05d}", created,
                                      kind="variable", price_cents=None, stock=None)
            children = []
            child_prices = []
            for index in range(count):
                color, size = COLORS[(index // len(SIZES)) % len(COLORS)], SIZES[index % len(SIZES)]
                variation_id = next_post_id()
                sku = f"{word.upper()}-{serial:05d}-{color.upper()}-{size}"
                child_price = price_cents + 100 * (index % len(SIZES))
                child_prices.append(child_price)
                children.append(variation_document(
                    variation_id, parent["slug"], sku, created,
                    [variation_attribute("Color", color), variation_attribute("Size", size)],
                    child_price, rng.randrange(0, 60), parent_id=product_id, parent_name=name))
                catalog.sellables.append(Sellable(product_id, variation_id, sku, f"{name} - {color}, {size}",
                                                  child_price, parent_name=name))
            parent["variations"] = [child["id"] for child in children]
            # A product-level attribute's slug is the attribute's own name (products controller get_attributes()
            # sends `$attribute['name']`, which for a custom attribute is the name as typed).
            parent["attributes"] = [
                {"id": 0, "name": "Color", "slug": "Color", "position": 0, "visible": True, "variation": True,
                 "options": sorted({a["attributes"][0]["option"] for a in children})},
                {"id": 0, "name": "Size", "slug": "Size", "position": 1, "visible": True, "variation": True,
                 "options": sorted({a["attributes"][1]["option"] for a in children})}]
            parent["price"] = cents_to_str(min(child_prices))
            parent["price_html"] = f"<span class=\"amount\">${parent['price']}</span>"
            parent["stock_status"] = ("instock" if any(c["stock_status"] == "instock" for c in children)
                                      else "outofstock")
            catalog.products.append(parent)
            catalog.variations[product_id] = children
            remaining -= count
        serial += 1
    for extra in range(3):
        # Real stores have products nobody gave a SKU; orders for them cannot be matched to an ERP item.
        product_id = next_post_id()
        name = f"Gift Card {extra + 1}"
        price_cents = 2500 * (extra + 1)
        catalog.products.append(product_document(product_id, name, "", created_before - timedelta(days=30),
                                                 kind="simple", price_cents=price_cents, stock=None))
        catalog.sellables.append(Sellable(product_id, 0, "", name, price_cents))
    return catalog
