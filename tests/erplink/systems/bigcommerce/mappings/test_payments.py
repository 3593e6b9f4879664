"""BigCommerce transactions become canonical payments: only a successful purchase or capture took money; a
malformed one fails with a reason naming the transaction, its order and the field."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from erplink.mappings.errors import MappingError
from erplink.systems.bigcommerce.mappings.payments import (
    may_be_payment,
    payment_from_bigcommerce,
    payments_from_bigcommerce,
)

CAPTURE: dict[str, Any] = {
    "id": 31,
    "order_id": "218",
    "event": "capture",
    "method": "credit_card",
    "amount": 60.5,
    "currency": "USD",
    "gateway": "braintree",
    "gateway_transaction_id": "bt-9f2",
    "date_created": "2026-01-15T11:00:00-01:00",
    "test": False,
    "status": "ok",
    "fraud_review": False,
    "reference_transaction_id": 30,
    "offline": None,
    "custom": None,
}
AUTHORIZATION = {**CAPTURE, "id": 30, "event": "authorization", "reference_transaction_id": None}


def mapped(document: Any):
    return payment_from_bigcommerce(document, store="shop1", order_id=218, currency="usd")


def test_a_capture_maps_its_amount_date_gateway_and_method():
    payment = mapped(CAPTURE)
    assert payment is not None
    assert (payment.source_id, payment.order_source_id, payment.amount) == (31, 218, Decimal("60.5"))
    assert payment.created_at == datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
    assert (payment.currency, payment.gateway, payment.method, payment.test) == (
        "USD",
        "braintree",
        "credit_card",
        False,
    )
    assert payment.record_key == "bigcommerce payment 31 of order 218"


def test_a_purchase_is_a_payment_and_an_offline_one_is_named_by_its_display_name():
    payment = mapped({**CAPTURE, "event": "purchase", "method": "offline", "gateway": "cod",
                      "offline": {"display_name": "Cash on Delivery"}})  # fmt: skip
    assert payment is not None and (payment.gateway, payment.method) == ("cod", "Cash on Delivery")
    manual = mapped({**CAPTURE, "event": "purchase", "method": "custom", "gateway": "custom",
                     "custom": {"payment_method": "Cheque 1042"}})  # fmt: skip
    assert manual is not None and manual.method == "Cheque 1042"


@pytest.mark.parametrize("event", ["authorization", "void", "pending", "settled", "refund"])
def test_events_that_take_no_money_are_no_payment(event):
    transaction = {**CAPTURE, "event": event}
    assert mapped(transaction) is None
    assert not may_be_payment(transaction)


@pytest.mark.parametrize("event", ["purchase", "capture"])
def test_a_failed_purchase_or_capture_is_no_payment(event):
    transaction = {**CAPTURE, "event": event, "status": "error"}
    assert mapped(transaction) is None
    assert not may_be_payment(transaction)


def test_a_test_mode_capture_is_a_payment_flagged_as_test():
    flagged = mapped({**CAPTURE, "test": True})
    on_test_gateway = mapped({**CAPTURE, "gateway": "testgateway", "test": None})
    assert flagged is not None and flagged.test
    assert on_test_gateway is not None and on_test_gateway.test


def test_optional_fields_left_out_do_not_stop_a_payment():
    optional = {"test", "order_id", "fraud_review", "gateway_transaction_id", "reference_transaction_id", "offline"}
    sparse = {k: v for k, v in CAPTURE.items() if k not in optional | {"custom"}}
    payment = mapped(sparse)
    assert payment is not None and not payment.test and payment.method == "credit_card"


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"status": None}, "bigcommerce payment 31 of order 218: status: is missing"),
        ({"status": "maybe"}, "status: 'maybe' is neither"),
        ({"event": "chargeback"}, "event: 'chargeback' is not a BigCommerce transaction event"),
        ({"amount": 0}, "amount: 0 is not positive"),
        ({"amount": "lots"}, "amount: 'lots' is not a decimal amount"),
        ({"currency": "EUR"}, "currency: 'EUR' is not the order's currency 'usd'"),
        ({"order_id": "219"}, "order_id: '219' is not the order 218"),
        ({"date_created": None}, "date_created: is missing"),
        ({"date_created": "soon"}, "date_created: 'soon' is not an ISO-8601"),
        ({"gateway": ""}, "gateway: is missing or blank"),
        ({"id": None}, "bigcommerce payment (without a valid id) of order 218: id: is missing"),
    ],
)
def test_a_malformed_capture_fails_naming_the_transaction_and_the_field(changes, reason):
    transaction = {**CAPTURE, **changes}
    assert may_be_payment(transaction)  # kept by the extract, so that its mapping can say what is wrong
    with pytest.raises(MappingError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        mapped(transaction)


def test_an_order_payments_are_its_successful_purchases_and_captures_only():
    transactions = [
        {**CAPTURE, "id": 35, "event": "refund", "amount": 10},
        CAPTURE,
        AUTHORIZATION,
        {**CAPTURE, "id": 33, "event": "purchase", "status": "error"},
        {**CAPTURE, "id": 34, "event": "purchase", "amount": 5},
    ]
    payments = payments_from_bigcommerce(transactions, store="shop1", order_id=218, currency="USD")
    assert [(p.source_id, p.amount) for p in payments] == [(31, Decimal("60.5")), (34, Decimal("5"))]


def test_a_transaction_that_is_no_object_is_refused():
    assert may_be_payment("capture")
    with pytest.raises(MappingError, match=r"bigcommerce payment .* of order 218: is str, not a JSON object"):
        mapped("capture")
