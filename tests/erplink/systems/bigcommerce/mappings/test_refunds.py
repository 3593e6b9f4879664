"""BigCommerce v3 refunds become canonical refunds; a bad one fails with a reason naming the refund and the field."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from erplink.mappings.errors import MappingError
from erplink.systems.bigcommerce.mappings.refunds import refund_from_bigcommerce

REFUND: dict[str, Any] = {
    "id": 5,
    "order_id": 218,
    "user_id": 1,
    "created": "2026-01-15T11:00:00-01:00",
    "reason": "Broken on arrival",
    "total_amount": 60.5,
    "total_tax": 4.0,
    "uses_merchant_override_values": False,
    "items": [
        {"item_type": "PRODUCT", "item_id": 65, "quantity": 1, "requested_amount": None, "reason": "broken"},
        {"item_type": "SHIPPING", "item_id": 132, "requested_amount": 11.09},
        {"item_type": "PRODUCT", "item_id": 66, "quantity": 1, "requested_amount": 6.69},
    ],
    "payments": [{"id": 1, "provider_id": "storecredit", "amount": 60.5, "offline": False, "is_declined": False}],
}


def mapped(document: Any):
    return refund_from_bigcommerce(document, store="shop1", currency="USD", order_line_skus={65: "S-ORAN"})


def test_a_refund_maps_its_amount_date_and_product_items():
    refund = mapped(REFUND)
    assert (refund.source_id, refund.order_source_id, refund.amount) == (5, 218, Decimal("60.5"))
    assert refund.created_at == datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
    assert refund.record_key == "bigcommerce refund 5 of order 218"
    assert [(line.order_line_id, line.sku, line.quantity, line.amount, line.restock) for line in refund.lines] == [
        (65, "S-ORAN", 1, Decimal("0"), False),
        (66, None, 1, Decimal("6.69"), False),
    ]


def with_item(**changes: Any) -> dict[str, Any]:
    return {**REFUND, "items": [{**REFUND["items"][0], **changes}]}


@pytest.mark.parametrize(
    ("document", "reason"),
    [
        ({**REFUND, "id": None}, "bigcommerce refund (without a valid id) of order 218: id: is missing"),
        ({**REFUND, "order_id": 0}, "order_id: 0 is below the minimum of 1"),
        ({**REFUND, "total_amount": 0}, "total_amount: 0 is not positive"),
        ({**REFUND, "total_amount": "lots"}, "total_amount: 'lots' is not a decimal amount"),
        ({**REFUND, "created": "Mon, 05 Jan 2026 10:00:00 +0000"}, "created: 'Mon, 05 Jan 2026 10:00:00 +0000' is"),
        ({**REFUND, "created": None}, "created: is missing"),
        ({**REFUND, "items": "all"}, "items: has type str, not a list"),
        (with_item(item_type="VOUCHER"), "items[0]: item_type: 'VOUCHER' is not a BigCommerce refund item type"),
        (with_item(item_id=None), "items[0]: item_id: is missing"),
        (with_item(quantity=-1), "items[0]: quantity: -1 is below the minimum of 0"),
        (with_item(requested_amount=-2), "items[0]: requested_amount: -2 is negative"),
    ],
)
def test_a_bad_refund_fails_naming_the_refund_and_the_field(document, reason):
    with pytest.raises(MappingError) as caught:
        mapped(document)
    assert reason in str(caught.value)
