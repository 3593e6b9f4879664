"""The store's money as journal entries: every entry balances, a paid order's receivable nets to zero, a refund comes
out of the provider's clearing account, a reversal takes a sale back to nothing, and an adjustment brings a posted
sale to the changed order's amounts — over random orders, not only the hand-picked ones."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from erplink.mappings.errors import MappingError, NotLoadable
from erplink.mappings.journals import (
    JournalAccounts,
    adjustment_entry,
    payment_entry,
    refund_entry,
    reversal_entry,
    sale_entry,
)
from erplink.models import Charge, ChargeKind, Customer, JournalEntry, Order, OrderLine, Payment, Refund, RefundLine

NOW = datetime(2026, 11, 5, 10, 0, tzinfo=UTC)
DAY = date(2026, 11, 5)
ACCOUNTS = JournalAccounts(sales="4000", tax="2200", shipping="4100", receivable="1200", clearing="1050",
                           discounts="4050", clearing_by_gateway={"Braintree": "1060"})  # fmt: skip
CENTS = st.integers(min_value=0, max_value=50_000).map(lambda c: Decimal(c) / 100)


def _money(value: str) -> Decimal:
    return Decimal(value)


def _order(lines: list[tuple[Decimal, Decimal, Decimal]], charges: list[tuple[Decimal, Decimal]] = (), *,
           total_shift: Decimal = Decimal("0")) -> Order:  # fmt: skip
    order_lines = tuple(
        OrderLine(line_id=i + 1, sku=f"SKU-{i}", product_id=i + 1, name="Thing", quantity=1, subtotal=subtotal,
                  discount=discount, tax=tax, total=subtotal - discount)  # fmt: skip
        for i, (subtotal, discount, tax) in enumerate(lines)
    )
    order_charges = tuple(
        Charge(kind=ChargeKind.SHIPPING if i == 0 else ChargeKind.FEE, source_id=i + 1, description="c",
               amount=amount, tax=tax)  # fmt: skip
        for i, (amount, tax) in enumerate(charges)
    )
    tax_total = sum((line.tax for line in order_lines), Decimal(0)) + sum((c.tax for c in order_charges), Decimal(0))
    total = sum((line.total for line in order_lines), Decimal(0)) + sum((c.amount for c in order_charges), Decimal(0))
    return Order(
        store="shop", source_id=7, record_key="bigcommerce order 7", reference_prefix="BC", number="7",
        status="completed", currency="USD", created_at=NOW, modified_at=NOW,
        customer=Customer(email="a@example.com", guest=True, store_customer_id=None), lines=order_lines,
        charges=order_charges, discount_total=sum((line.discount for line in order_lines), Decimal(0)),
        tax_total=tax_total, total=total + tax_total + total_shift,
    )  # fmt: skip


def _possible_order(lines, charges=()) -> Order:
    """A generated order, where the store could have taken it (a positive total)."""
    assume(sum(s - d + t for s, d, t in lines) + sum(a + t for a, t in charges) > 0)
    return _order(lines, charges)


def _sale(order: Order) -> JournalEntry:
    return sale_entry(order, ACCOUNTS, reference="BC-shop-7", posting_date=DAY)


def _net(*entries: JournalEntry) -> dict[str, Decimal]:
    net: dict[str, Decimal] = defaultdict(Decimal)
    for entry in entries:
        for line in entry.lines:
            net[line.account] += line.debit - line.credit
    return {account: amount for account, amount in net.items() if amount}


def test_a_sale_posts_goods_discounts_shipping_and_tax_against_the_order_total():
    order = _order([(_money("100.00"), _money("10.00"), _money("7.20"))], [(_money("5.00"), _money("0.40"))])
    entry = _sale(order)
    assert entry.kind == "sale" and entry.reference == "BC-shop-7" and entry.posting_date == DAY
    assert _net(entry) == {"4000": _money("-100.00"), "4050": _money("10.00"), "4100": _money("-5.00"),
                           "2200": _money("-7.60"), "1200": _money("102.60")}  # fmt: skip


def test_a_cent_of_rounding_goes_to_the_rounding_account_and_more_is_held_with_the_difference():
    order = _order([(_money("10.00"), _money("0"), _money("0.83"))], total_shift=_money("0.01"))
    rounding = JournalAccounts(**{**ACCOUNTS.__dict__, "rounding": "8999"})
    assert _net(sale_entry(order, rounding, reference="r", posting_date=DAY))["8999"] == _money("-0.01")
    with pytest.raises(MappingError, match=r"bigcommerce order 7: its total does not add up.* by -?0\.50"):
        _sale(_order([(_money("10.00"), _money("0"), _money("0.83"))], total_shift=_money("0.50")))


def test_a_payment_goes_to_its_providers_clearing_account_in_any_letter_case():
    payment = Payment(store="shop", source_id=31, order_source_id=7, record_key="bigcommerce payment 31 of order 7",
                      created_at=NOW, currency="USD", amount=_money("102.60"), gateway="braintree")  # fmt: skip
    entry = payment_entry(payment, ACCOUNTS, reference="BC-shop-7-P31", posting_date=DAY)
    assert _net(entry) == {"1060": _money("102.60"), "1200": _money("-102.60")}


def test_a_refund_whose_lines_give_back_more_than_its_amount_is_held():
    refund = Refund(store="shop", source_id=3, order_source_id=7, record_key="bigcommerce refund 3 of order 7",
                    created_at=NOW, currency="USD", amount=_money("5.00"),
                    lines=(RefundLine(line_id=1, order_line_id=1, quantity=1, amount=_money("5.00"),
                                      tax=_money("0.40"), restock=False),))  # fmt: skip
    with pytest.raises(MappingError, match="more than the refund's amount 5.00"):
        refund_entry(refund, ACCOUNTS, reference="r", posting_date=DAY)


def test_an_order_that_moves_no_money_is_not_posted():
    with pytest.raises(NotLoadable, match="bigcommerce order 7: it moves no money"):
        _sale(_order([(_money("0"), _money("0"), _money("0"))]))


def test_an_order_whose_prices_include_tax_is_held_with_the_reason():
    order = _order([(_money("10.00"), _money("0"), _money("0"))]).model_copy(update={"prices_include_tax": True})
    with pytest.raises(MappingError, match="prices include tax"):
        _sale(order)


ORDER_LINES = st.lists(
    st.tuples(CENTS, CENTS, CENTS).filter(lambda t: t[1] <= t[0]), min_size=1, max_size=6
)  # (subtotal, discount ≤ subtotal, tax)
CHARGES = st.lists(st.tuples(st.integers(-2_000, 5_000).map(lambda c: Decimal(c) / 100), CENTS), max_size=3)


@settings(max_examples=300, deadline=None)
@given(lines=ORDER_LINES, charges=CHARGES, paid_parts=st.integers(1, 3), refunded_cents=st.integers(0, 100))
def test_sale_payments_and_refunds_keep_the_books_balanced_and_the_receivable_settled(
    lines, charges, paid_parts, refunded_cents
):
    """Each entry balances; once paid in full the order's receivable is zero; the clearing account holds what was
    taken less what was given back; revenue, tax and charges are what the order says less the refund."""
    order = _possible_order(lines, charges)
    sale = _sale(order)
    assert sale.total_debit == sum((line.credit for line in sale.lines), Decimal(0))
    share = (order.total / paid_parts).quantize(Decimal("0.01"))
    amounts = [share] * (paid_parts - 1) + [order.total - share * (paid_parts - 1)]
    payments = [
        payment_entry(Payment(store="shop", source_id=i + 1, order_source_id=7, record_key="p", created_at=NOW,
                              currency="USD", amount=amount, gateway="stripe"),
                      ACCOUNTS, reference=f"BC-shop-7-P{i + 1}", posting_date=DAY)  # fmt: skip
        for i, amount in enumerate(amounts)
        if amount > 0
    ]
    refunded = (order.total * refunded_cents / 100).quantize(Decimal("0.01"))
    entries = [sale, *payments]
    if refunded > 0:
        refund = Refund(store="shop", source_id=1, order_source_id=7, record_key="r", created_at=NOW, currency="USD",
                        amount=refunded)  # fmt: skip
        entries.append(refund_entry(refund, ACCOUNTS, reference="BC-shop-7-R1", posting_date=DAY))
    net = _net(*entries)
    assert "1200" not in net, "the receivable of an order paid in full is settled"
    assert net.get("1050", Decimal(0)) == order.total - refunded
    assert sum(net.values(), Decimal(0)) == 0


@settings(max_examples=200, deadline=None)
@given(before=ORDER_LINES, after=ORDER_LINES)
def test_a_reversal_takes_a_sale_back_to_nothing_and_an_adjustment_brings_it_to_the_changed_order(before, after):
    posted, wanted = _sale(_possible_order(before)), _sale(_possible_order(after))
    assert _net(posted, reversal_entry(posted, reference="BC-shop-7-X", posting_date=DAY)) == {}
    adjustment = adjustment_entry(posted, wanted, reference="BC-shop-7-Aabc", posting_date=DAY)
    if adjustment is None:
        assert _net(posted) == _net(wanted)
        return
    assert adjustment.reference == "BC-shop-7-Aabc" and adjustment.total_debit > 0
    assert _net(posted, adjustment) == _net(wanted)
