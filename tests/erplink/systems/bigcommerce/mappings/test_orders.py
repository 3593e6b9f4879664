"""BigCommerce v2 orders become canonical orders; a bad one fails with a reason naming the order and the field."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from erplink.mappings.errors import MappingError
from erplink.models import ChargeKind
from erplink.systems.bigcommerce.mappings.orders import order_from_bigcommerce, order_line_skus
from tests.erplink.systems.bigcommerce.mappings.documents import ORDER, order, with_product


def mapped(document: Any, **kwargs: Any):
    return order_from_bigcommerce(document, store="shop1", currencies=("USD",), **kwargs)


def test_a_registered_customers_order_maps_money_strings_dates_parts_and_status():
    result = mapped(ORDER, erp_reference="SO-1")
    assert (result.source_id, result.number, result.status, result.currency) == (
        218,
        "218",
        "awaiting_fulfillment",
        "USD",
    )
    assert result.record_key == "bigcommerce order 218" and result.reference_prefix == "BC"
    assert result.created_at == datetime(2019, 3, 5, 21, 40, 11, tzinfo=UTC)
    assert result.modified_at == datetime(2019, 3, 11, 15, 17, 25, tzinfo=UTC)
    assert result.customer.store_customer_id == 11 and not result.customer.guest
    assert result.customer.email == "janedoe@example.com"
    first, second = result.lines
    assert (first.sku, first.quantity, first.variation_id) == ("S-ORAN", 2, 501)
    assert (first.subtotal, first.discount, first.total) == (Decimal("55.9900"), Decimal("5.0000"), Decimal("50.9900"))
    assert second.variation_id is None and second.discount == 0
    assert result.shipping_address is not None and result.shipping_address.country == "US"
    assert result.billing_address is not None and result.billing_address.line2 is None
    kinds = [(c.kind, c.amount) for c in result.charges]
    assert kinds == [(ChargeKind.SHIPPING, Decimal("11.0900")), (ChargeKind.FEE, Decimal("2.0000"))]
    assert [c.code for c in result.coupons] == ["S2549JM0Y"] and result.coupons[0].discount == 5
    assert (result.total, result.tax_total, result.discount_total) == (Decimal("69.84"), Decimal("5.31"), Decimal("5"))
    assert result.erp_reference == "SO-1" and result.customer_note == "Leave at the door"


def test_a_guest_is_customer_id_zero_and_has_no_store_customer_id():
    result = mapped(order(customer_id=0))
    assert result.customer.guest and result.customer.store_customer_id is None


def test_missing_and_null_optional_fields_read_as_absent():
    document = order(
        fees=None,
        coupons=None,
        shipping_addresses=None,
        refunds=None,
        customer_message=None,
        discount_amount=None,
        is_tax_inclusive_pricing=None,
    )
    document.pop("wrapping_cost_ex_tax")
    result = mapped(document)
    assert result.shipping_address is None and result.charges == () and result.coupons == ()
    assert result.customer_note is None and result.discount_total == 0


def test_refund_summaries_the_extract_stored_are_on_the_order():
    result = mapped(order(refunds=[{"id": 5, "total_amount": 4.5, "reason": "broken", "created": None}]))
    assert [(r.refund_id, r.amount) for r in result.refunds] == [(5, Decimal("4.5"))]


def test_more_than_one_shipping_address_is_noted():
    document = order()
    document["shipping_addresses"].append({**document["shipping_addresses"][0], "id": 133})
    result = mapped(document)
    assert result.notes and "2 shipping addresses" in result.notes[0]
    assert [c.source_id for c in result.charges if c.kind is ChargeKind.SHIPPING] == [132, 133]


def test_order_line_skus_name_each_order_product():
    assert order_line_skus(ORDER) == {65: "S-ORAN", 66: "OT-1"}
    assert order_line_skus({"products": "not a list"}) == {}


@pytest.mark.parametrize(
    ("document", "reason"),
    [
        (order(id=None), "bigcommerce order (without a valid id): id: is missing"),
        (order(id=True), "id: True is a boolean"),
        (order(currency_code="EUR"), "currency_code: 'EUR' is not a currency this store is configured for (USD)"),
        (order(status_id=99), "status_id: 99 is not a BigCommerce order status"),
        (order(status_id=None), "status_id: is missing"),
        (order(customer_id=-1), "customer_id: -1 is below the minimum of 0"),
        (order(products=[]), "products: the order has no product lines"),
        (order(products={"url": "https://x/v2/orders/218/products"}), "products: has type dict, not a list"),
        (order(date_modified="yesterday"), "date_modified: 'yesterday' is not an RFC 2822 date"),
        (order(date_created=None), "date_created: is missing"),
        (order(total_inc_tax="12,50"), "total_inc_tax: '12,50' is not a decimal amount"),
        (order(total_inc_tax=None), "total_inc_tax: is missing"),
        (order(billing_address=None), "billing_address: is missing"),
        (order(billing_address={"email": " "}), "billing_address: email: is blank"),
        (with_product(0, product_id=0), "order product 65: product_id: is 0"),
        (with_product(0, sku=""), "order product 65: sku: is blank"),
        (with_product(1, quantity=0), "order product 66: quantity: 0 is not a positive whole number"),
        (with_product(1, total_ex_tax="abc"), "order product 66: total_ex_tax: 'abc' is not a decimal amount"),
        (with_product(1, total_ex_tax="-1.00"), "order product 66: total_ex_tax: -1.00 is negative"),
        (with_product(0, applied_discounts=[{"amount": "-1"}]), "applied_discounts[0]: amount: -1 is negative"),
        (order(coupons=[{"code": "", "discount": 1}]), "coupons[0]: code: is missing or blank"),
        (order(fees=[{"id": 1, "cost_tax": "0"}]), "fees[0]: cost_exc_tax: is missing"),
        (order(refunds=[{"id": 5, "total_amount": 0}]), "refunds[0]: amount"),
    ],
)
def test_a_bad_order_fails_naming_the_order_and_the_field(document, reason):
    with pytest.raises(MappingError) as caught:
        mapped(document)
    assert str(caught.value.record_key).startswith("bigcommerce order")
    assert reason in str(caught.value)


def test_a_document_that_is_not_an_object_is_refused():
    with pytest.raises(MappingError, match="is list, not a JSON object"):
        mapped([ORDER])


def test_a_discount_above_its_line_is_capped_with_a_note():
    result = mapped(with_product(1, applied_discounts=[{"amount": "9.0000"}]))
    assert result.lines[1].total == 0 and any("capped" in note for note in result.notes)
