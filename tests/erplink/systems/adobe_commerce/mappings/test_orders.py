"""A Magento order becomes one canonical order in the order's currency: a configurable's two rows one line, bundles
by how they are priced, the discount, tax and shipping as Magento spread them, the guest or registered customer
and the B2B company; every malformed order is refused naming the order and the field."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from erplink.mappings.errors import MappingError
from erplink.models import ChargeKind
from erplink.systems.adobe_commerce.mappings.orders import (
    NO_LINE,
    company_of,
    order_from_adobe_commerce,
    order_item_lines,
)
from tests.erplink.systems.adobe_commerce.mappings.documents import (
    b2b_order,
    bundle_order,
    guest_order,
    order,
    replaced,
    without,
)


def mapped(document, **options):
    return order_from_adobe_commerce(document, store="luma", currencies=("EUR", "USD"), **options)


def test_a_configurable_product_is_one_line_priced_by_its_parent_with_its_childs_sku_and_product():
    result = mapped(order())
    hoodie, strap = result.lines
    assert (hoodie.line_id, hoodie.sku, hoodie.product_id, hoodie.variation_id) == (201, "MH01-XS-Black", 1100, 1101)
    assert (hoodie.quantity, hoodie.subtotal, hoodie.discount, hoodie.tax) == (
        2, Decimal("104"), Decimal("10.4"), Decimal("18.76"),
    )
    assert hoodie.total == Decimal("93.6")
    assert hoodie.name == "Chaz Kangeroo Hoodie-XS-Black"
    assert (strap.line_id, strap.sku, strap.variation_id) == (203, "24-WG085", None)


def test_amounts_are_the_order_currency_ones_not_the_base_currency_ones():
    result = mapped(order())
    assert result.currency == "EUR"
    assert result.total == Decimal("145.68")  # base_grand_total is 160.248 (USD)
    assert result.tax_total == Decimal("24.08")
    assert result.lines[0].subtotal == Decimal("104")  # base_row_total is 114.4


def test_the_negative_order_discount_is_the_discount_total_and_the_coupon_and_shipping_is_a_charge():
    result = mapped(order())
    assert result.discount_total == Decimal("12.4")
    assert [(c.code, c.discount) for c in result.coupons] == [("H20", Decimal("12.4"))]
    [shipping] = result.charges
    assert (shipping.kind, shipping.description, shipping.amount, shipping.tax) == (
        ChargeKind.SHIPPING, "Flat Rate - Fixed", Decimal("10"), Decimal("1.9"),
    )


def test_a_discount_on_shipping_lowers_the_shipping_charge():
    [shipping] = mapped(order(shipping_discount_amount=4, discount_amount=-16.4)).charges
    assert shipping.amount == Decimal("6")


def test_a_registered_customer_keeps_their_id_and_the_addresses_are_read():
    result = mapped(order())
    assert (result.customer.guest, result.customer.store_customer_id) == (False, 7)
    assert result.customer.email == "roni_cost@example.com"
    assert result.billing_address.line1 == "6146 Honey Bluff Parkway"
    assert result.billing_address.line2 == "Suite 2"
    assert (result.shipping_address.state, result.shipping_address.country) == ("MI", "US")
    assert result.number == "000000042" and result.status == "processing"
    assert result.modified_at == datetime(2026, 1, 15, 10, 5, tzinfo=UTC)
    assert result.customer_note == "Leave at the door"
    assert result.reference_prefix == "AC" and result.record_key == "adobe_commerce order 1042"


def test_a_guest_has_no_store_id_and_is_named_by_the_billing_address():
    customer = mapped(guest_order()).customer
    assert (customer.guest, customer.store_customer_id) == (True, None)
    assert (customer.first_name, customer.last_name) == ("Veronica", "Costello")


def test_a_b2b_order_names_its_company():
    result = mapped(b2b_order())
    assert company_of(b2b_order()).company_id == 3
    assert result.customer.company == "Luma Wholesale"
    assert "B2B company 3 (Luma Wholesale)" in result.notes
    assert company_of(order()) is None


def test_a_dynamic_price_bundle_sells_its_parts_as_lines():
    result = mapped(bundle_order(dynamic=True))
    assert [(line.line_id, line.sku, line.subtotal) for line in result.lines] == [
        (302, "24-WG085", Decimal("20")), (303, "24-WG086", Decimal("25")),
    ]
    assert result.lines[0].name == "Sprite Yoga Companion Kit: 24-WG085"


def test_a_fixed_price_bundle_is_one_line_under_its_own_sku_and_the_note_names_its_parts():
    result = mapped(bundle_order(dynamic=False))
    [line] = result.lines
    assert (line.line_id, line.sku, line.subtotal, line.tax) == (301, "24-WG080", Decimal("45"), Decimal("8.55"))
    assert any("24-WG085, 24-WG086" in note for note in result.notes)


def test_amounts_and_quantities_sent_as_decimal_text_are_read():
    document = replaced(order(), "2.0000", "items", 0, "qty_ordered")
    document = replaced(document, "104.0000", "items", 0, "row_total")
    line = mapped(document).lines[0]
    assert (line.quantity, line.subtotal) == (2, Decimal("104"))


def test_the_order_item_lines_fold_a_configurables_child_into_its_parent_line():
    assert order_item_lines(order()) == {
        201: (201, "MH01-XS-Black"), 202: (201, "MH01-XS-Black"), 203: (203, "24-WG085"),
    }
    assert order_item_lines(bundle_order(dynamic=False))[302] == (301, "24-WG080")
    assert order_item_lines(bundle_order(dynamic=True))[302] == (302, "24-WG085")
    assert order_item_lines(bundle_order(dynamic=True))[301][0] == NO_LINE  # the parts are the lines


@pytest.mark.parametrize(
    ("document", "named"),
    [
        (without(order(), "entity_id"), "entity_id: is missing"),
        (replaced(order(), "abc", "items", 2, "row_total"), "item 203: row_total: 'abc' is not a decimal amount"),
        (replaced(order(), 999, "items", 1, "parent_item_id"), "item 202: parent_item_id: 999 names no item"),
        (replaced(order(), [order()["items"][0]], "items"), "item 201: item_id: the configurable row has 0 child"),
        (replaced(order(), 203, "items", 1, "parent_item_id"), "item 202: parent_item_id: 203 is a simple row"),
        (replaced(order(), 1.5, "items", 2, "qty_ordered"), "item 203: qty_ordered: 1.5 is fractional"),
        (replaced(order(), -3, "items", 2, "row_total"), "item 203: row_total: -3 is negative"),
        (replaced(order(), "", "items", 1, "sku"), "item 202: sku: is blank"),
        (replaced(order(), [], "items"), "items: the order has no product lines"),
        (replaced(order(), 12.4, "discount_amount"), "discount_amount: 12.4 is positive"),
        (replaced(order(), "GBP", "order_currency_code"), "order_currency_code: 'GBP' is not a currency"),
        (replaced(order(), "shipped", "state"), "state: 'shipped' is not a Magento order state"),
        (without(order(), "customer_id"), "customer_id: is missing"),
        (replaced(order(), "yes", "customer_is_guest"), "customer_is_guest: 'yes' is not a number"),
        (replaced(replaced(order(), "", "customer_email"), None, "billing_address", "email"),
         "customer_email: is blank"),
        (without(order(), "grand_total"), "grand_total: is missing"),
        (replaced(order(), "15/01/2026", "updated_at"), "updated_at: '15/01/2026' is not an ISO-8601"),
        (replaced(order(), {"company_id": "x"}, "extension_attributes", "company_order_attributes"),
         "company_order_attributes: company_id: 'x' is not a number"),
        (replaced(order(), "a street", "billing_address", "street"), "billing_address: street: has type str"),
        (replaced(order(), "H20\x1b[2J", "coupon_code"), "code: contains control character U+001B"),
        ("not an order", "is str, not a JSON object"),
    ],
)
def test_a_malformed_order_is_refused_naming_the_order_and_the_field(document, named):
    with pytest.raises(MappingError) as caught:
        mapped(document)
    assert named in caught.value.reason
    assert str(caught.value.record_key).startswith("adobe_commerce order ")
