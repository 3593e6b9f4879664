"""WooCommerce wc/v3 order JSON → canonical Order, document by document."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from erplink.load.errors import MappingError
from erplink.systems.woocommerce.mappings.orders import erp_reference_from_meta, order_from_woo
from erplink.models import ChargeKind, Order


def _map(document: dict[str, Any], **options: Any) -> Order:
    return order_from_woo(document, store="shop1", currencies={"USD"}, **options)


def test_guest_order_maps_every_line_with_money_from_strings(guest_order):
    order = _map(guest_order)

    assert (order.store, order.source_id, order.number, order.status) == ("shop1", 727, "727", "processing")
    assert [(line.line_id, line.sku, line.quantity, line.subtotal, line.tax) for line in order.lines] == [
        (315, "WOO-SINGLE-1", 2, Decimal("6.00"), Decimal("0.45")),
        (316, "Bar3", 1, Decimal("12.00"), Decimal("0.90")),
    ]
    assert order.lines[0].unit_price == Decimal("3.00")
    assert (order.tax_total, order.total) == (Decimal("1.35"), Decimal("29.35"))


def test_dates_come_from_the_gmt_fields_as_utc(guest_order):
    order = _map(guest_order)

    # date_created is 16:28 site time; the GMT twin 19:28 is the instant.
    assert order.created_at == datetime(2017, 3, 22, 19, 28, 2, tzinfo=UTC)
    assert order.modified_at == datetime(2017, 3, 22, 19, 28, 8, tzinfo=UTC)


def test_guest_checkout_is_a_customer_without_store_id_matched_by_email(guest_order):
    customer = _map(guest_order).customer

    assert customer.guest is True
    assert customer.store_customer_id is None
    assert customer.email == "john.doe@example.com"


def test_registered_customer_keeps_store_id_and_email_is_normalised(registered_order):
    customer = _map(registered_order).customer

    assert (customer.guest, customer.store_customer_id) == (False, 17)
    assert customer.email == "jane.smith@example.com"
    assert customer.company == "Smith & Daughters"


def test_variation_line_uses_the_line_sku_and_keeps_product_and_variation_ids(registered_order):
    hoodie = _map(registered_order).lines[0]

    assert (hoodie.sku, hoodie.product_id, hoodie.variation_id) == ("HOODIE-BLUE-M", 50, 52)


def test_coupon_discount_is_line_subtotal_less_total(registered_order):
    order = _map(registered_order)

    assert order.lines[0].discount == Decimal("5.00")
    assert order.lines[1].discount == Decimal("0.00")
    assert [(coupon.code, coupon.discount) for coupon in order.coupons] == [("save5", Decimal("5.00"))]


def test_shipping_and_fee_lines_become_charges(registered_order):
    charges = _map(registered_order).charges

    assert [(charge.kind, charge.description, charge.amount) for charge in charges] == [
        (ChargeKind.SHIPPING, "Flat rate", Decimal("10.00")),
        (ChargeKind.FEE, "Gift wrap", Decimal("2.00")),
    ]


def test_shipping_and_billing_addresses_are_kept_apart(registered_order):
    order = _map(registered_order)

    assert order.billing_address.line1 == "1 Main Street"
    assert order.shipping_address.line1 == "77 Elm Road"
    assert order.shipping_address.name == "Jane Smith"


def test_blank_shipping_address_is_no_address(guest_order):
    guest_order["shipping"] = dict.fromkeys(guest_order["shipping"], "")

    assert _map(guest_order).shipping_address is None


def test_erp_reference_is_read_from_the_write_back_marker(registered_order, guest_order):
    assert _map(registered_order).erp_reference == "SO000123"
    assert _map(guest_order).erp_reference is None
    assert erp_reference_from_meta(registered_order, "_erplink_erp_reference") == "SO000123"
    assert erp_reference_from_meta(guest_order, "_erplink_erp_reference") is None


def test_marker_key_is_configurable(registered_order):
    registered_order["meta_data"].append({"id": 1, "key": "_qad_so", "value": "SO000999"})

    assert _map(registered_order, erp_reference_key="_qad_so").erp_reference == "SO000999"


def test_the_same_marker_written_twice_is_one_reference(registered_order):
    registered_order["meta_data"].append({"id": 9999, "key": "_erplink_erp_reference", "value": "SO000123"})

    assert _map(registered_order).erp_reference == "SO000123"


def test_refund_summary_amounts_are_positive(registered_order):
    order = _map(registered_order)

    assert [(refund.refund_id, refund.amount) for refund in order.refunds] == [(77, Decimal("25.00"))]
    assert order.refunded_total == Decimal("25.00")


def test_markup_and_sql_in_names_are_kept_verbatim(guest_order):
    guest_order["line_items"][0]["name"] = "<script>alert(1)</script>'; DROP TABLE orders;--"
    guest_order["billing"]["company"] = "<b>Bold</b> & Co"

    order = _map(guest_order)

    assert order.lines[0].name == "<script>alert(1)</script>'; DROP TABLE orders;--"
    assert order.customer.company == "<b>Bold</b> & Co"


def test_decomposed_unicode_is_stored_composed(guest_order):
    guest_order["billing"]["first_name"] = "Jose\u0301"  # e + combining acute (NFD)

    assert _map(guest_order).customer.first_name == "Jos\u00e9"


def test_total_edited_above_subtotal_is_taken_as_charged_with_a_note(guest_order):
    guest_order["line_items"][0]["total"] = "7.00"

    order = _map(guest_order)

    assert (order.lines[0].subtotal, order.lines[0].discount, order.lines[0].total) == (
        Decimal("7.00"),
        Decimal("0.00"),
        Decimal("7.00"),
    )
    assert any("line item 315" in note for note in order.notes)


def test_line_cap_is_configurable(guest_order):
    with pytest.raises(MappingError, match="line_items: has 2 entries; the limit is 1"):
        _map(guest_order, max_lines=1)


def test_order_survives_a_json_round_trip(registered_order):
    order = _map(registered_order)

    assert Order.model_validate_json(order.model_dump_json()) == order
