"""A credit memo becomes a canonical refund of its grand total (goods, shipping and both adjustments) in its
order's currency, one line per order line it refunds; every malformed credit memo is refused naming it and the
field."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from erplink.mappings.errors import MappingError
from erplink.systems.adobe_commerce.mappings.orders import order_item_lines
from erplink.systems.adobe_commerce.mappings.refunds import refund_from_adobe_commerce
from tests.erplink.systems.adobe_commerce.mappings.documents import (
    bundle_order,
    credit_memo,
    order,
    replaced,
    without,
)


def mapped(document, currency="EUR"):
    return refund_from_adobe_commerce(
        document, store="luma", currency=currency, order_item_lines=order_item_lines(order())
    )


def test_the_refund_is_the_credit_memos_grand_total_with_shipping_and_adjustments_in_it():
    refund = mapped(credit_memo())
    assert (refund.source_id, refund.order_source_id, refund.currency) == (9, 1042, "EUR")
    assert refund.amount == Decimal("71.08")  # base_grand_total is 78.188 (USD)
    assert refund.created_at == datetime(2026, 1, 16, 9, 0, tzinfo=UTC)
    assert refund.reason == "Arrived torn"
    assert refund.record_key == "adobe_commerce credit memo 9 of order 1042"


def test_a_configurables_rows_are_one_refund_line_and_rows_not_refunded_are_left_out():
    [line] = mapped(credit_memo()).lines
    assert (line.order_line_id, line.sku, line.quantity) == (201, "MH01-XS-Black", 1)
    assert (line.amount, line.tax, line.restock) == (Decimal("46.8"), Decimal("9.38"), False)


def test_an_amount_only_credit_memo_has_no_lines():
    document = credit_memo(items=[{**credit_memo()["items"][2]}], adjustment_positive=20, grand_total=20)
    refund = mapped(document)
    assert refund.lines == () and refund.amount == Decimal("20")


def test_a_dynamic_bundles_own_row_is_no_refund_line_and_its_parts_are():
    items = [
        {"entity_id": 81, "order_item_id": 301, "qty": 1, "row_total": 45, "tax_amount": 8.55},
        {"entity_id": 82, "order_item_id": 302, "qty": 1, "row_total": 20, "tax_amount": 3.8},
        {"entity_id": 83, "order_item_id": 303, "qty": 1, "row_total": 25, "tax_amount": 4.75},
    ]
    document = credit_memo(items=items, shipping_amount=0, adjustment_positive=0, adjustment_negative=0,
                           grand_total=53.55)
    refund = refund_from_adobe_commerce(
        document, store="luma", currency="EUR", order_item_lines=order_item_lines(bundle_order(dynamic=True))
    )
    assert [(line.order_line_id, line.sku) for line in refund.lines] == [(302, "24-WG085"), (303, "24-WG086")]


@pytest.mark.parametrize(
    ("document", "named"),
    [
        (without(credit_memo(), "entity_id"), "entity_id: is missing"),
        (replaced(credit_memo(), 777, "items", 0, "order_item_id"), "items[0]: order_item_id: 777 names no item"),
        (replaced(credit_memo(), 0, "grand_total"), "grand_total: 0 is not positive"),
        (replaced(credit_memo(), "71,08", "grand_total"), "grand_total: '71,08' is not a decimal amount"),
        (replaced(credit_memo(), -2, "adjustment_negative"), "adjustment_negative: -2 is negative"),
        (replaced(credit_memo(), "USD", "order_currency_code"), "order_currency_code: 'USD' is not its order's EUR"),
        (without(credit_memo(), "created_at"), "created_at: is missing"),
        (replaced(credit_memo(), "one", "items", 0, "qty"), "items[0]: qty: 'one' is not a number"),
        (replaced(credit_memo(), -9.38, "items", 0, "tax_amount"), "items[0]: tax_amount: -9.38 is negative"),
        (replaced(credit_memo(), {"a": 1}, "items"), "items: has type dict, not a list"),
    ],
)
def test_a_malformed_credit_memo_is_refused_naming_it_and_the_field(document, named):
    with pytest.raises(MappingError) as caught:
        mapped(document)
    assert named in caught.value.reason
    assert str(caught.value.record_key).startswith("adobe_commerce credit memo ")
