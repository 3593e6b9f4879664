"""A v2 order as the extract stores it (products, shipping addresses, coupons and refunds beside it), for mapping
tests to spoil one field at a time."""

from __future__ import annotations

import copy
from typing import Any

ORDER: dict[str, Any] = {
    "id": 218,
    "customer_id": 11,
    "date_created": "Tue, 05 Mar 2019 21:40:11 +0000",
    "date_modified": "Mon, 11 Mar 2019 15:17:25 +0000",
    "status_id": 11,
    "status": "Ready to ship",  # a merchant's label: the id is what counts
    "currency_code": "USD",
    "is_tax_inclusive_pricing": False,
    "subtotal_ex_tax": "62.6793",
    "total_inc_tax": "69.8400",
    "total_tax": "5.3100",
    "discount_amount": "5.0000",
    "wrapping_cost_ex_tax": "0.0000",
    "customer_message": "Leave at the door",
    "billing_address": {
        "first_name": "Jane",
        "last_name": "Doe",
        "company": "",
        "street_1": "555 East Street",
        "street_2": None,
        "city": "Austin",
        "state": "Texas",
        "zip": "78108",
        "country": "United States",
        "country_iso2": "US",
        "phone": "1234567890",
        "email": "JaneDoe@Example.com",
    },
    "fees": [
        {"id": 1, "type": "custom_fee", "display_name_merchant": "A Fee", "cost_ex_tax": "2.0000", "cost_tax": "0.0000"}
    ],
    "products": [
        {
            "id": 65,
            "order_id": 218,
            "product_id": 77,
            "variant_id": 501,
            "name": "Chambray Towel",
            "sku": "S-ORAN",
            "quantity": 2,
            "total_ex_tax": "55.9900",
            "total_tax": "4.0000",
            "applied_discounts": [{"id": "coupon", "amount": "5.0000", "code": "S2549JM0Y", "target": "order"}],
        },
        {
            "id": 66,
            "order_id": 218,
            "product_id": 78,
            "variant_id": None,
            "name": "Orbit Terrarium",
            "sku": "OT-1",
            "quantity": 1,
            "total_ex_tax": "6.6893",
            "total_tax": "0.4000",
            "applied_discounts": [],
        },
    ],
    "shipping_addresses": [
        {
            "id": 132,
            "order_id": 218,
            "first_name": "Trishy",
            "last_name": "Smith",
            "street_1": "666 Sussex St",
            "city": "San Antonio",
            "zip": "78251",
            "country_iso2": "us",
            "shipping_method": "Flat Rate",
            "cost_ex_tax": "11.0900",
            "cost_tax": "0.9100",
            "handling_cost_ex_tax": "0.0000",
        },
    ],
    "coupons": [{"id": 3, "coupon_id": 1, "order_id": 218, "code": "S2549JM0Y", "amount": 5, "type": 2, "discount": 5}],
    "refunds": [],
}


def order(**changes: Any) -> dict[str, Any]:
    document = copy.deepcopy(ORDER)
    document.update(changes)
    return document


def with_product(index: int, **changes: Any) -> dict[str, Any]:
    document = order()
    document["products"][index].update(changes)
    return document
