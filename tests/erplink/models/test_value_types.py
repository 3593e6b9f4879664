"""The constrained value types every canonical document is built from."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from pydantic import ValidationError

from erplink.models import Customer, Price, StockLevel


def _price(**changes) -> Price:
    values = {"item_number": "SKU-1", "price": Decimal("12.50"), "currency": "USD"} | changes
    return Price(**values)


def test_documents_are_frozen():
    price = _price()

    with pytest.raises(ValidationError, match="frozen"):
        price.price = Decimal("1")


def test_money_must_be_a_decimal_not_text_or_float():
    with pytest.raises(ValidationError, match="price"):
        _price(price="12.50")
    with pytest.raises(ValidationError, match="price"):
        _price(price=12.5)


def test_money_refuses_nan_and_infinity():
    with pytest.raises(ValidationError, match="price"):
        _price(price=Decimal("NaN"))
    with pytest.raises(ValidationError, match="price"):
        _price(price=Decimal("Infinity"))


def test_currency_is_a_three_letter_upper_case_code():
    with pytest.raises(ValidationError, match="currency"):
        _price(currency="usd")


def test_unknown_fields_are_refused_by_name():
    with pytest.raises(ValidationError, match="colour"):
        _price(colour="red")


def test_datetimes_must_be_aware_and_are_stored_in_utc():
    eastern = timezone(timedelta(hours=-5))

    price = _price(effective_from=datetime(2026, 1, 5, 5, 0, tzinfo=eastern))

    assert price.effective_from == datetime(2026, 1, 5, 10, 0, tzinfo=UTC)
    assert price.effective_from.utcoffset() == timedelta(0)
    with pytest.raises(ValidationError, match="effective_from"):
        _price(effective_from=datetime(2026, 1, 5, 5, 0))


def test_codes_refuse_invisible_characters_naming_the_code_point():
    with pytest.raises(ValidationError, match="item_number") as caught:
        _price(item_number="SKU\u200d1")

    assert "U+200D" in str(caught.value)


def test_codes_refuse_blank():
    with pytest.raises(ValidationError, match="item_number"):
        _price(item_number="   ")


def test_text_is_nfc_normalised_and_stripped():
    level = StockLevel(
        item_number="SKU-1", site=" 10-100 ", location="FG", on_hand=Decimal(1), allocated=Decimal(0),
        committed=Decimal(0),
    )
    customer = Customer(email="a@example.com", guest=True, store_customer_id=None, first_name="Ame\u0301lie")

    assert level.site == "10-100"
    assert customer.first_name == "Am\u00e9lie"


def test_text_refuses_control_characters_but_keeps_line_breaks():
    assert Customer(email="a@example.com", guest=True, store_customer_id=None, company="A\nB").company == "A\nB"
    with pytest.raises(ValidationError, match="U\\+0007"):
        Customer(email="a@example.com", guest=True, store_customer_id=None, company="A\aB")


def test_email_is_stripped_and_lower_cased_and_invalid_ones_refused_without_echoing_them():
    assert Customer(email="  Jane.Doe@Example.COM ", guest=True, store_customer_id=None).email == (
        "jane.doe@example.com"
    )
    with pytest.raises(ValidationError) as caught:
        Customer(email="secret-person-at-example.com", guest=True, store_customer_id=None)

    message = str(caught.value.errors(include_input=False)[0]["msg"])
    assert "not a valid email address" in message
    assert "secret-person" not in message
