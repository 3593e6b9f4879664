"""The order-reading rules every store's mapping shares: the same defects give the same reasons whatever the store,
and the parts whose field names differ are read under the names the store passes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from erplink.mappings.errors import MappingError
from erplink.mappings.json_fields import DocumentReader
from erplink.mappings.store_orders import (
    address_from,
    billing_customer,
    id_text,
    line_product_id,
    line_quantity,
    line_sku,
    order_lines,
    peek_id,
    refund_summaries,
    require_billing_email,
    sold_currency,
)
from erplink.models import OrderLine

ADDRESS_NAMES = {"line1": "street", "line2": "street_more", "postal_code": "zip", "country": "iso"}


def reader(document: object) -> DocumentReader:
    return DocumentReader(document, record_key="store order 7", max_text_length=50)


def reason(error: pytest.ExceptionInfo[MappingError]) -> str:
    return str(error.value)


@pytest.mark.parametrize("value", [None, True, 0, -3, "x12", "0", "1" * 21])
def test_a_missing_or_malformed_id_reads_as_without_a_valid_id(value):
    assert id_text(value) == "(without a valid id)"


@pytest.mark.parametrize(("value", "text"), [(42, "42"), ("42", "42")])
def test_a_usable_id_reads_as_itself(value, text):
    assert id_text(value) == text


def test_peek_id_reads_the_id_of_an_object_and_nothing_of_anything_else():
    assert peek_id({"id": 5}) == 5
    assert peek_id(["id", 5]) is None


def test_the_currency_is_upper_cased_and_one_the_tenant_does_not_sell_in_is_refused():
    assert sold_currency(reader({"cur": " eur "}), "cur", {"EUR"}) == "EUR"
    with pytest.raises(MappingError) as error:
        sold_currency(reader({"cur": "usd"}), "cur", {"EUR", "GBP"})
    assert "cur: 'USD' is not a currency this store is configured for (EUR, GBP)" in reason(error)


def test_a_blank_billing_email_is_refused_because_customers_are_matched_by_it():
    with pytest.raises(MappingError, match="email: is blank"):
        require_billing_email(reader({"email": "  "}))


def test_customer_id_zero_is_a_guest_and_any_other_is_the_store_customer():
    guest = billing_customer(reader({"email": "a@example.com", "first_name": "Ann"}), 0)
    registered = billing_customer(reader({"email": "a@example.com"}), 17)
    assert (guest.guest, guest.store_customer_id, guest.first_name) == (True, None, "Ann")
    assert (registered.guest, registered.store_customer_id) == (False, 17)


def test_an_address_is_read_under_the_field_names_the_store_passes():
    part = {"first_name": "Ann", "last_name": "Lee", "street": "1 Main St", "zip": "1000", "iso": "be", "city": "X"}
    address = address_from(reader(part), **ADDRESS_NAMES)
    assert address is not None
    assert (address.name, address.line1, address.postal_code, address.country) == ("Ann Lee", "1 Main St", "1000", "BE")


def test_a_part_without_any_place_to_send_to_is_no_address():
    assert address_from(reader({"first_name": "Ann", "phone": "123"}), **ADDRESS_NAMES) is None


def test_a_line_of_a_product_the_store_no_longer_knows_is_refused_with_the_stores_reason():
    with pytest.raises(MappingError) as error:
        line_product_id(reader({"product_id": 0}), zero_reason="is 0: gone from the shop")
    assert reason(error).endswith("product_id: is 0: gone from the shop")


def test_a_line_without_sku_or_with_a_quantity_below_one_is_refused():
    with pytest.raises(MappingError, match="sku: is blank"):
        line_sku(reader({"sku": " "}))
    with pytest.raises(MappingError, match="quantity: 0 is not a positive whole number"):
        line_quantity(reader({"quantity": 0}))


def test_an_order_without_product_lines_is_refused_and_each_line_is_read_in_order():
    def read_line(index: int, raw: dict[str, object]) -> OrderLine:
        return OrderLine(line_id=index + 1, sku=str(raw["sku"]), product_id=1, name="n", quantity=1,
                         subtotal=Decimal(1), discount=Decimal(0), tax=Decimal(0), total=Decimal(1))  # fmt: skip

    lines = order_lines(reader({"items": [{"sku": "A"}, {"sku": "B"}]}), "items", max_lines=5, read_line=read_line)
    assert [(line.line_id, line.sku) for line in lines] == [(1, "A"), (2, "B")]
    with pytest.raises(MappingError, match="items: the order has no product lines"):
        order_lines(reader({"items": []}), "items", max_lines=5, read_line=read_line)


def test_listed_refund_amounts_are_taken_as_their_size_whatever_their_sign():
    order = reader({"refunds": [{"id": 3, "paid_back": "-4.50", "reason": "late"}, {"id": 4, "paid_back": "2"}]})
    summaries = refund_summaries(order, amount_field="paid_back", max_lines=5)
    assert [(s.refund_id, s.amount, s.reason) for s in summaries] == [
        (3, Decimal("4.50"), "late"),
        (4, Decimal(2), None),
    ]
