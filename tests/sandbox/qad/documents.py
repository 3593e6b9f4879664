"""Valid request bodies for the document tests, built from what the tenant actually holds."""

from __future__ import annotations

from typing import Any

from sandbox import Sandbox


def active_items(qad: Sandbox, count: int, tenant: str = "acme") -> list[str]:
    items = [item["itemNumber"] for item in qad.state.documents("items", tenant=tenant) if item["status"] == "ACTIVE"]
    assert len(items) >= count, "the seeded tenant has too few active items for this test"
    return items[:count]


def first_customer(qad: Sandbox, tenant: str = "acme") -> str:
    code: str = qad.state.documents("customers", tenant=tenant)[0]["customerCode"]
    return code


def sales_order_body(qad: Sandbox, *, external_ref: str = "WC-shop1-1042", **changes: Any) -> dict[str, Any]:
    """Two lines of 2 × 45.00 and 1 × 10.00 with tax, plus freight and a fee: total 123.20."""
    first, second = active_items(qad, 2)
    body: dict[str, Any] = {
        "externalRef": external_ref,
        "customerCode": first_customer(qad),
        "site": "10-100",
        "currency": "USD",
        "orderDate": "2026-01-05T10:00:00Z",
        "customerPo": "1042",
        "shipTo": {"name": "Ada Lovelace", "line1": "1 Main St", "city": "Springfield", "postalCode": "12345",
                   "country": "US"},
        "lines": [
            {"line": 1, "itemNumber": first, "quantity": "2", "unitPrice": "45.00", "discountAmount": "0.00",
             "taxAmount": "7.20"},
            {"line": 2, "itemNumber": second, "quantity": "1", "unitPrice": "10.00", "discountAmount": "1.00",
             "taxAmount": "0"},
        ],
        "charges": [
            {"type": "FREIGHT", "description": "Flat rate", "amount": "10.00", "taxAmount": "0.00"},
            {"type": "FEE", "description": "Gift wrap", "amount": "7", "taxAmount": "0.00"},
        ],
        "notes": "leave at the door",
    }
    body.update(changes)
    return body


ORDER_TOTAL = "123.20"
