"""Canonical order, refund and customer → QAD stand-in payloads (sandbox/qad/README.md)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from erplink.load.errors import MappingError
from erplink.systems.qad.mappings.sales import (
    credit_memo_payload,
    customer_payload,
    sales_order_payload,
    sales_order_update_payload,
    unknown_skus,
)
from erplink.systems.woocommerce.mappings.references import (
    reference_for_customer,
    reference_for_order,
    reference_for_refund,
)
from erplink.systems.woocommerce.mappings.orders import order_from_woo, refund_from_woo
from erplink.models import Customer, Order


def _order(document: dict[str, Any]) -> Order:
    return order_from_woo(document, store="shop1", currencies={"USD", "EUR"})


def _sales_order(order: Order) -> dict[str, Any]:
    return sales_order_payload(
        order, reference=reference_for_order("shop1", order.source_id), customer_code="C000017", site="10-100",
        currency="USD",
    )


def test_guest_order_payload_has_the_documented_shape(guest_order):
    assert _sales_order(_order(guest_order)) == {
        "externalRef": "WC-shop1-727",
        "customerCode": "C000017",
        "site": "10-100",
        "currency": "USD",
        "orderDate": "2017-03-22T19:28:02Z",
        "customerPo": "727",
        "shipTo": {
            "name": "John Doe",
            "line1": "969 Market",
            "city": "San Francisco",
            "state": "CA",
            "postalCode": "94103",
            "country": "US",
        },
        "lines": [
            {"line": 1, "itemNumber": "WOO-SINGLE-1", "quantity": "2", "unitPrice": "3.00",
             "discountAmount": "0.00", "taxAmount": "0.45"},
            {"line": 2, "itemNumber": "Bar3", "quantity": "1", "unitPrice": "12.00",
             "discountAmount": "0.00", "taxAmount": "0.90"},
        ],
        "charges": [{"type": "FREIGHT", "description": "Flat Rate", "amount": "10.00", "taxAmount": "0.00"}],
    }


def test_coupons_become_line_discounts_and_fees_become_fee_charges(registered_order):
    payload = _sales_order(_order(registered_order))

    hoodie = payload["lines"][0]
    assert (hoodie["itemNumber"], hoodie["quantity"], hoodie["unitPrice"], hoodie["discountAmount"]) == (
        "HOODIE-BLUE-M",
        "2",
        "45.00",
        "5.00",
    )
    assert [(charge["type"], charge["amount"]) for charge in payload["charges"]] == [
        ("FREIGHT", "10.00"),
        ("FEE", "2.00"),
    ]
    assert "Coupons: save5" in payload["notes"]
    assert "Customer note: Leave at the door" in payload["notes"]


def test_every_line_totals_exactly_what_the_store_charged(registered_order):
    order = _order(registered_order)
    payload = _sales_order(order)

    for sent, line in zip(payload["lines"], order.lines, strict=True):
        net = Decimal(sent["unitPrice"]) * int(sent["quantity"]) - Decimal(sent["discountAmount"])
        assert net == line.total


def test_unit_price_with_more_than_two_places_is_rounded_up_into_the_discount_with_a_note(registered_order):
    payload = _sales_order(_order(registered_order))

    socks = payload["lines"][1]  # 3 units for 10.00
    assert (socks["unitPrice"], socks["discountAmount"]) == ("3.34", "0.02")
    assert "line 2 (SOCKS-3PK): unit price 3.3333 sent as 3.34" in payload["notes"]


def test_ship_to_falls_back_to_billing_when_there_is_no_shipping_address(guest_order):
    guest_order["shipping"] = dict.fromkeys(guest_order["shipping"], "")
    guest_order["billing"]["address_1"] = "1 Billing Way"

    assert _sales_order(_order(guest_order))["shipTo"]["line1"] == "1 Billing Way"


def test_long_names_are_trimmed_to_the_field_length_with_a_note(guest_order):
    guest_order["shipping"]["first_name"] = "A" * 100

    payload = _sales_order(_order(guest_order))

    assert len(payload["shipTo"]["name"]) == 60
    assert payload["shipTo"]["name"].endswith("…")
    assert "shipTo.name trimmed from 104 to 60 characters" in payload["notes"]


def test_order_in_another_currency_than_the_tenant_is_refused(guest_order):
    guest_order["currency"] = "EUR"

    with pytest.raises(MappingError) as caught:
        _sales_order(_order(guest_order))

    assert caught.value.record_key == "woocommerce order 727"
    assert "currency" in caught.value.reason and "EUR" in caught.value.reason


def test_update_payload_carries_content_but_not_identity(registered_order):
    order = _order(registered_order)

    update = sales_order_update_payload(order, currency="USD")

    assert not {"externalRef", "customerCode", "site", "currency", "orderDate"} & update.keys()
    assert update["lines"] == _sales_order(order)["lines"]


def test_references_follow_the_documented_patterns(registered_order):
    assert reference_for_order("shop1", 1042) == "WC-shop1-1042"
    assert reference_for_refund("shop1", 1042, 77) == "WC-shop1-1042-R77"
    assert reference_for_customer("shop1", _order(registered_order).customer) == "WC-shop1-C17"


def test_guest_customer_reference_is_stable_per_email_and_does_not_reveal_it():
    guest = Customer(email="john.doe@example.com", guest=True, store_customer_id=None)
    same_guest_other_case = Customer(email=" John.Doe@Example.com", guest=True, store_customer_id=None)

    reference = reference_for_customer("shop1", guest)

    assert reference.startswith("WC-shop1-G")
    assert reference == reference_for_customer("shop1", same_guest_other_case)
    assert "john" not in reference


@pytest.mark.parametrize("store_key", ["", "shop 1", "shop/1", "x" * 21])
def test_store_keys_that_would_make_ambiguous_references_are_refused(store_key):
    with pytest.raises(ValueError, match="store key"):
        reference_for_order(store_key, 1)


def test_unknown_skus_lists_each_missing_sku_once_in_line_order(registered_order):
    registered_order["line_items"].append(dict(registered_order["line_items"][0], id=209))
    order = _order(registered_order)

    assert unknown_skus(order, {"SOCKS-3PK"}) == ["HOODIE-BLUE-M"]
    assert unknown_skus(order, {"SOCKS-3PK", "HOODIE-BLUE-M"}) == []


def test_credit_memo_matches_the_documented_example(refunds_of_1042):
    refund = refund_from_woo(refunds_of_1042[77], store="shop1", order_id=1042, currency="USD")

    payload = credit_memo_payload(
        refund,
        reference=reference_for_refund("shop1", 1042, 77),
        sales_order_number="SO000123",
        sku_by_line_id={201: "HOODIE-BLUE-M", 202: "SOCKS-3PK"},
    )

    # The 0.70 goodwill on the socks returns no goods: it is inside the memo amount, not a line.
    assert payload == {
        "externalRef": "WC-shop1-1042-R77",
        "salesOrder": "SO000123",
        "reason": "Damaged",
        "currency": "USD",
        "amount": "25.00",
        "lines": [{"itemNumber": "HOODIE-BLUE-M", "quantity": "1", "amount": "22.50", "restock": True}],
    }


def test_credit_memo_takes_the_sku_from_the_order_line_when_the_refund_line_has_none(refunds_of_1042):
    document = refunds_of_1042[77]
    document["line_items"][0]["sku"] = ""
    refund = refund_from_woo(document, store="shop1", order_id=1042, currency="USD")

    payload = credit_memo_payload(refund, reference="R", sales_order_number="SO1", sku_by_line_id={201: "HB-M"})

    assert payload["lines"][0]["itemNumber"] == "HB-M"


def test_credit_memo_without_any_sku_for_a_returned_line_is_refused(refunds_of_1042):
    document = refunds_of_1042[77]
    document["line_items"][0]["sku"] = ""
    refund = refund_from_woo(document, store="shop1", order_id=1042, currency="USD")

    with pytest.raises(MappingError) as caught:
        credit_memo_payload(refund, reference="R", sales_order_number="SO1", sku_by_line_id={})

    assert caught.value.record_key == "woocommerce refund 77 of order 1042"
    assert "refund line 301: order line 201 has no known SKU" in caught.value.reason


def test_amount_only_credit_memo_has_no_lines_and_a_default_reason(refunds_of_1042):
    refund = refund_from_woo(refunds_of_1042[78], store="shop1", order_id=1042, currency="USD")

    payload = credit_memo_payload(refund, reference="R", sales_order_number="SO1", sku_by_line_id={})

    assert (payload["amount"], payload["lines"], payload["reason"]) == ("5.00", [], "Store refund 78")


def test_customer_payload_uses_company_name_and_order_addresses(registered_order):
    order = _order(registered_order)

    payload = customer_payload(
        order.customer,
        reference=reference_for_customer("shop1", order.customer),
        bill_to=order.billing_address,
        ship_to=order.shipping_address,
        currency="USD",
    )

    assert payload["externalRef"] == "WC-shop1-C17"
    assert payload["name"] == "Smith & Daughters"
    assert payload["email"] == "jane.smith@example.com"
    assert payload["billTo"]["line2"] == "Suite 4"
    assert payload["shipTo"] == {
        "name": "Jane Smith",
        "line1": "77 Elm Road",
        "city": "Shelbyville",
        "state": "IL",
        "postalCode": "62565",
        "country": "US",
    }
    assert payload["currency"] == "USD"


def test_guest_customer_payload_is_named_after_the_person(guest_order):
    customer = _order(guest_order).customer

    payload = customer_payload(customer, reference="WC-shop1-Gabc")

    assert (payload["name"], payload["email"]) == ("John Doe", "john.doe@example.com")
    assert "billTo" not in payload
