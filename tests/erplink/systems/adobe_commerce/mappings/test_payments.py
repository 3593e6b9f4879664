"""A paid (captured) invoice is money the order took, in its order's currency through its payment method; an open
or canceled one took none; a malformed one is refused naming it and the field."""

from __future__ import annotations

from decimal import Decimal

import pytest

from erplink.mappings.errors import MappingError
from erplink.systems.adobe_commerce.mappings.payments import is_captured, payment_from_adobe_commerce
from tests.erplink.systems.adobe_commerce.mappings.documents import invoice, replaced, without


def mapped(document, method="checkmo"):
    return payment_from_adobe_commerce(document, store="luma", order_id=1042, currency="EUR", method=method)


def test_a_paid_invoice_is_a_payment_of_its_grand_total():
    payment = mapped(invoice())
    assert (payment.source_id, payment.order_source_id, payment.amount) == (33, 1042, Decimal("145.68"))
    assert (payment.currency, payment.gateway) == ("EUR", "checkmo")
    assert is_captured(invoice())


@pytest.mark.parametrize("state", [1, 3, "1"])
def test_an_open_or_canceled_invoice_took_no_money(state):
    assert mapped(invoice(state=state)) is None
    assert not is_captured(invoice(state=state))


@pytest.mark.parametrize(
    ("document", "method", "named"),
    [
        (invoice(state=7), "checkmo", "state: 7 is not an invoice state"),
        (replaced(invoice(), 1043, "order_id"), "checkmo", "order_id: 1043 is not the order 1042"),
        (without(invoice(), "grand_total"), "checkmo", "grand_total: is missing"),
        (invoice(), " ", "_order.method: is blank"),
        (replaced(invoice(), "GBP", "order_currency_code"), "checkmo", "'GBP' is not its order's EUR"),
        (replaced(invoice(), True, "entity_id"), "checkmo", "entity_id: True is a boolean"),
    ],
)
def test_a_malformed_invoice_is_refused_naming_it_and_the_field(document, method, named):
    with pytest.raises(MappingError) as caught:
        mapped(document, method)
    assert named in caught.value.reason
