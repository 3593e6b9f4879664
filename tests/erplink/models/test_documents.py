"""Invariants of the canonical order, refund and catalog documents."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from pydantic import ValidationError

from erplink.models import (
    Availability,
    CatalogUpdate,
    Customer,
    Order,
    OrderLine,
    Refund,
    RefundLine,
    StockLevel,
    catalog_fingerprint,
)

NOW = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)


def _line(line_id: int = 1, **changes) -> OrderLine:
    values = {
        "line_id": line_id, "sku": "SKU-1", "product_id": 10, "name": "Thing", "quantity": 3,
        "subtotal": Decimal("10.00"), "discount": Decimal("1.00"), "tax": Decimal("0.72"), "total": Decimal("9.00"),
    } | changes
    return OrderLine(**values)


def _order(*lines: OrderLine) -> Order:
    return Order(
        store="shop1", source_id=1, record_key="shop order 1", reference_prefix="SO", number="1", status="processing",
        currency="USD", created_at=NOW, modified_at=NOW,
        customer=Customer(email="a@example.com", guest=True, store_customer_id=None), lines=lines,
        discount_total=Decimal("1.00"), tax_total=Decimal("0.72"), total=Decimal("9.72"),
    )


def test_unit_price_is_subtotal_over_quantity():
    assert _line(quantity=4, subtotal=Decimal("10.00"), total=Decimal("9.00")).unit_price == Decimal("2.5")
    assert _line().unit_price.quantize(Decimal("0.0001")) == Decimal("3.3333")


def test_line_total_must_be_subtotal_less_discount():
    with pytest.raises(ValidationError, match="total 9.50 is not subtotal 10.00 less discount 1.00"):
        _line(total=Decimal("9.50"))


@pytest.mark.parametrize("quantity", [0, -1])
def test_line_quantity_must_be_positive(quantity):
    with pytest.raises(ValidationError, match="quantity"):
        _line(quantity=quantity)


def test_line_quantity_must_be_an_integer_not_a_float():
    with pytest.raises(ValidationError, match="quantity"):
        _line(quantity=1.5)


def test_order_needs_a_line_and_unique_line_ids():
    with pytest.raises(ValidationError, match="lines"):
        _order()
    with pytest.raises(ValidationError, match="line id 1 appears more than once"):
        _order(_line(1), _line(1))


def test_guest_and_store_id_go_together():
    with pytest.raises(ValidationError, match="guest customer cannot have a store customer id"):
        Customer(email="a@example.com", guest=True, store_customer_id=5)
    with pytest.raises(ValidationError, match="registered customer needs its store customer id"):
        Customer(email="a@example.com", guest=False, store_customer_id=None)


def test_order_skus_are_listed_once_in_line_order():
    order = _order(_line(1, sku="B"), _line(2, sku="A"), _line(3, sku="B"))

    assert order.skus == ("B", "A")


def test_refund_amount_must_be_positive_and_lines_without_goods_cannot_restock():
    with pytest.raises(ValidationError, match="amount"):
        Refund(store="s", source_id=1, order_source_id=2, record_key="shop refund 1 of order 2", created_at=NOW,
               currency="USD", amount=Decimal("0"))
    with pytest.raises(ValidationError, match="cannot be restocked"):
        RefundLine(line_id=1, order_line_id=2, quantity=0, amount=Decimal("1"), tax=Decimal("0"), restock=True)


def _level(site: str, location: str, on_hand: str, allocated: str = "0", committed: str = "0") -> StockLevel:
    return StockLevel(
        item_number="SKU-1", site=site, location=location, on_hand=Decimal(on_hand), allocated=Decimal(allocated),
        committed=Decimal(committed),
    )


def test_availability_sums_unreserved_stock_over_configured_locations_only():
    levels = [_level("10-100", "FG", "10", "2", "1"), _level("10-100", "STAGE", "5"), _level("20-200", "FG", "50")]

    available = Availability.from_levels("SKU-1", levels, [("10-100", "FG"), ("10-100", "STAGE")])

    assert available.available == 12


def test_availability_ignores_other_items():
    other = _level("10-100", "FG", "99").model_copy(update={"item_number": "OTHER"})

    assert Availability.from_levels("SKU-1", [other], [("10-100", "FG")]).available == 0


def test_availability_is_never_negative_and_rounds_down_to_whole_units():
    assert Availability.from_levels("SKU-1", [_level("10-100", "FG", "1", "5")], [("10-100", "FG")]).available == 0
    assert Availability.from_levels("SKU-1", [_level("10-100", "FG", "4.9")], [("10-100", "FG")]).available == 4


def test_catalog_update_refuses_prices_woo_would_misread():
    with pytest.raises(ValidationError, match="regular_price"):
        CatalogUpdate(sku="S", product_id=1, regular_price="12.5", stock_quantity=1)


def test_fingerprint_changes_with_each_pushed_value_and_only_with_them():
    update = CatalogUpdate(sku="S", product_id=1, regular_price="12.50", stock_quantity=3)

    assert update.fingerprint == catalog_fingerprint("12.50", 3, True)
    assert update.fingerprint == update.model_copy(update={"product_id": 2}).fingerprint
    assert update.fingerprint != catalog_fingerprint("12.51", 3, True)
    assert update.fingerprint != catalog_fingerprint("12.50", 2, True)
    assert update.fingerprint != catalog_fingerprint("12.50", 3, False)
