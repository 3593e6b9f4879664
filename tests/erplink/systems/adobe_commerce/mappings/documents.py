"""Adobe Commerce documents as the REST API returns them (``admin-schema-2.4.8.yaml``), for the mapping tests.

The order is in euros on a website whose base currency is the dollar (every ``base_*`` amount at 1.1 times the
order's); it holds a configurable product (parent row priced, child row chosen) and a simple product.
"""

from __future__ import annotations

import copy
from typing import Any

BASE_RATE = 1.1


def _item(item_id: int, sku: str, product_id: int, *, qty: float, row_total: float, discount: float = 0.0,
          tax: float = 0.0, product_type: str = "simple", parent_item_id: int | None = None,
          name: str = "") -> dict[str, Any]:
    row: dict[str, Any] = {
        "item_id": item_id, "order_id": 1042, "sku": sku, "product_id": product_id, "product_type": product_type,
        "name": name or sku, "qty_ordered": qty, "price": row_total / qty if qty else 0,
        "base_price": round(row_total / qty * BASE_RATE, 4) if qty else 0, "row_total": row_total,
        "base_row_total": round(row_total * BASE_RATE, 4), "discount_amount": discount,
        "base_discount_amount": round(discount * BASE_RATE, 4), "tax_amount": tax,
        "base_tax_amount": round(tax * BASE_RATE, 4), "is_virtual": 0, "created_at": "2026-01-15 10:00:00",
    }
    if parent_item_id is not None:
        row["parent_item_id"] = parent_item_id
    return row


def address(kind: str) -> dict[str, Any]:
    return {
        "address_type": kind, "firstname": "Veronica", "lastname": "Costello", "company": "",
        "street": ["6146 Honey Bluff Parkway", "Suite 2"], "city": "Calder", "region": "Michigan",
        "region_code": "MI", "postcode": "49628-7978", "country_id": "US", "telephone": "(555) 229-3326",
        "email": "roni_cost@example.com", "entity_id": 10 if kind == "billing" else 11, "parent_id": 1042,
    }


def order(**changes: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
        "entity_id": 1042,
        "increment_id": "000000042",
        "state": "processing",
        "status": "processing",
        "created_at": "2026-01-15 10:00:00",
        "updated_at": "2026-01-15 10:05:00",
        "order_currency_code": "EUR",
        "base_currency_code": "USD",
        "base_to_order_rate": 1 / BASE_RATE,
        "customer_id": 7,
        "customer_is_guest": 0,
        "customer_email": "Roni_Cost@Example.com",
        "customer_firstname": "Veronica",
        "customer_lastname": "Costello",
        "coupon_code": "H20",
        "discount_amount": -12.4,
        "base_discount_amount": -13.64,
        "subtotal": 124,
        "shipping_amount": 10,
        "base_shipping_amount": 11,
        "shipping_discount_amount": 0,
        "shipping_tax_amount": 1.9,
        "shipping_description": "Flat Rate - Fixed",
        "tax_amount": 24.08,
        "base_tax_amount": 26.488,
        "grand_total": 145.68,
        "base_grand_total": 160.248,
        "total_paid": 145.68,
        "total_due": 0,
        "items": [
            _item(201, "MH01-XS-Black", 1100, qty=2, row_total=104, discount=10.4, tax=18.76,
                  product_type="configurable", name="Chaz Kangeroo Hoodie"),
            _item(202, "MH01-XS-Black", 1101, qty=2, row_total=0, parent_item_id=201,
                  name="Chaz Kangeroo Hoodie-XS-Black"),
            _item(203, "24-WG085", 14, qty=1, row_total=20, discount=2, tax=3.42, name="Sprite Yoga Strap 6 foot"),
        ],
        "billing_address": address("billing"),
        "payment": {"method": "checkmo", "amount_paid": 145.68, "account_status": None},
        "status_histories": [],
        "extension_attributes": {
            "shipping_assignments": [
                {"shipping": {"address": address("shipping"), "method": "flatrate_flatrate"}, "items": []}
            ]
        },
        "customer_note": "Leave at the door",
    }
    document.update(changes)
    return document


def guest_order() -> dict[str, Any]:
    document = order(customer_is_guest=1, customer_firstname=None, customer_lastname=None)
    del document["customer_id"]
    return document


def b2b_order() -> dict[str, Any]:
    document = order()
    document["extension_attributes"]["company_order_attributes"] = {
        "order_id": 1042, "company_id": 3, "company_name": "Luma Wholesale",
    }
    return document


def bundle_order(*, dynamic: bool) -> dict[str, Any]:
    """A bundle (item 301) of a strap and a ball; with dynamic pricing the parts carry the prices."""
    parent_total = 0 if dynamic else 45
    items = [
        _item(301, "24-WG080-24-WG085-24-WG086" if dynamic else "24-WG080", 45, qty=1, row_total=parent_total,
              tax=0 if dynamic else 8.55, product_type="bundle", name="Sprite Yoga Companion Kit"),
        _item(302, "24-WG085", 14, qty=1, row_total=20 if dynamic else 0, tax=3.8 if dynamic else 0,
              parent_item_id=301),
        _item(303, "24-WG086", 15, qty=1, row_total=25 if dynamic else 0, tax=4.75 if dynamic else 0,
              parent_item_id=301),
    ]
    return order(items=items, discount_amount=0, coupon_code=None, tax_amount=10.45, grand_total=65.45)


def credit_memo(**changes: Any) -> dict[str, Any]:
    """One hoodie of the order back, with the shipping, 5 more as goodwill and a 2 restocking fee kept."""
    document: dict[str, Any] = {
        "entity_id": 9,
        "order_id": 1042,
        "increment_id": "000000009",
        "order_currency_code": "EUR",
        "base_currency_code": "USD",
        "created_at": "2026-01-16 09:00:00",
        "updated_at": "2026-01-16 09:00:00",
        "state": 2,
        "subtotal": 52,
        "discount_amount": -5.2,
        "shipping_amount": 10,
        "tax_amount": 11.28,
        "adjustment_positive": 5,
        "adjustment_negative": 2,
        "adjustment": 3,
        "grand_total": 71.08,
        "base_grand_total": 78.188,
        "items": [
            {"entity_id": 91, "parent_id": 9, "order_item_id": 201, "sku": "MH01-XS-Black", "product_id": 1100,
             "qty": 1, "price": 52, "base_price": 57.2, "base_cost": 0, "row_total": 52, "discount_amount": 5.2,
             "tax_amount": 9.38},
            {"entity_id": 92, "parent_id": 9, "order_item_id": 202, "sku": "MH01-XS-Black", "product_id": 1101,
             "qty": 1, "price": 0, "base_price": 0, "base_cost": 0, "row_total": 0},
            {"entity_id": 93, "parent_id": 9, "order_item_id": 203, "sku": "24-WG085", "product_id": 14,
             "qty": 0, "price": 20, "base_price": 22, "base_cost": 0, "row_total": 0},
        ],
        "comments": [{"comment": "Arrived torn", "parent_id": 9, "is_customer_notified": 0}],
    }
    document.update(changes)
    return document


def invoice(*, state: int = 2, **changes: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
        "entity_id": 33,
        "order_id": 1042,
        "increment_id": "000000033",
        "state": state,
        "order_currency_code": "EUR",
        "base_currency_code": "USD",
        "grand_total": 145.68,
        "base_grand_total": 160.248,
        "total_qty": 3,
        "created_at": "2026-01-15 10:04:00",
        "updated_at": "2026-01-15 10:04:00",
        "items": [],
    }
    document.update(changes)
    return document


def without(document: dict[str, Any], *path: str | int) -> dict[str, Any]:
    """A copy of ``document`` with the field at ``path`` removed."""
    copied = copy.deepcopy(document)
    target: Any = copied
    for step in path[:-1]:
        target = target[step]
    del target[path[-1]]
    return copied


def replaced(document: dict[str, Any], value: Any, *path: str | int) -> dict[str, Any]:
    """A copy of ``document`` with the field at ``path`` set to ``value``."""
    copied = copy.deepcopy(document)
    target: Any = copied
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return copied
