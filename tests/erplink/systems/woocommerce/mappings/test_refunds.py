"""WooCommerce wc/v3 refund JSON (orders/{id}/refunds) → canonical Refund."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from erplink.load.errors import MappingError
from erplink.systems.woocommerce.mappings.orders import refund_from_woo
from erplink.models import Refund


def _map(document: dict[str, Any], **options: Any) -> Refund:
    return refund_from_woo(document, store="shop1", order_id=1042, currency="USD", **options)


def test_refund_with_lines_turns_negative_store_values_into_positive_amounts(refunds_of_1042):
    refund = _map(refunds_of_1042[77])

    assert (refund.source_id, refund.order_source_id, refund.amount, refund.reason) == (
        77,
        1042,
        Decimal("25.00"),
        "Damaged",
    )
    assert refund.created_at == datetime(2026, 1, 8, 16, 0, tzinfo=UTC)
    hoodie = refund.lines[0]
    assert (hoodie.line_id, hoodie.order_line_id, hoodie.sku) == (301, 201, "HOODIE-BLUE-M")
    assert (hoodie.quantity, hoodie.amount, hoodie.tax) == (1, Decimal("22.50"), Decimal("1.80"))


def test_api_restock_on_the_refund_restocks_lines_that_return_goods(refunds_of_1042):
    refund = _map(refunds_of_1042[77])

    assert [(line.line_id, line.restock) for line in refund.lines] == [(301, True), (302, False)]


def test_without_a_restock_flag_nothing_is_restocked_by_default(refunds_of_1042):
    document = refunds_of_1042[77]
    del document["api_restock"]

    assert [line.restock for line in _map(document).lines] == [False, False]
    assert [line.restock for line in _map(document, default_restock=True).lines] == [True, False]


def test_a_line_level_restock_flag_wins_over_the_refund_flag(refunds_of_1042):
    document = refunds_of_1042[77]
    document["line_items"][0]["restock"] = False

    assert _map(document).lines[0].restock is False


def test_amount_only_refund_has_no_lines_and_no_reason(refunds_of_1042):
    refund = _map(refunds_of_1042[78])

    assert (refund.amount, refund.lines, refund.reason) == (Decimal("5.00"), (), None)


def test_negative_amount_string_is_read_as_the_amount_given_back(refunds_of_1042):
    document = refunds_of_1042[78]
    document["amount"] = "-5.00"

    assert _map(document).amount == Decimal("5.00")


def test_refund_line_with_positive_quantity_is_refused_naming_the_line(refunds_of_1042):
    document = refunds_of_1042[77]
    document["line_items"][0]["quantity"] = 1

    with pytest.raises(MappingError) as caught:
        _map(document)

    assert caught.value.record_key == "woocommerce refund 77 of order 1042"
    assert "refund line 301: quantity" in caught.value.reason


def test_zero_refund_is_refused(refunds_of_1042):
    document = refunds_of_1042[78]
    document["amount"] = "0.00"

    with pytest.raises(MappingError, match="amount: is zero"):
        _map(document)


def test_malformed_refunded_item_reference_is_refused(refunds_of_1042):
    document = refunds_of_1042[77]
    document["line_items"][0]["meta_data"][0]["value"] = "abc"

    with pytest.raises(MappingError, match=r"refund line 301: meta_data\[0\] \(_refunded_item_id\)"):
        _map(document)
