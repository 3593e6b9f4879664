"""A store's money as general-ledger journal entries: a sale, a payment received, a refund, and what reverses or
corrects a sale already posted. Names no system: the accounts come from the tenant, the documents are canonical.

The books this keeps, per order (a store sells on account until its payment provider settles):
- sale:     Dr receivable (order total)  /  Cr sales (goods before discounts), Dr discounts, Cr shipping, Cr fees,
            Cr tax  — a negative fee (an ad-hoc discount) is a debit to discounts;
- payment:  Dr the provider's clearing account  /  Cr receivable;
- refund:   Dr sales (goods given back), Dr tax, Dr sales for what the lines do not explain (shipping, goodwill)
            /  Cr the clearing account of the order's provider.
So the receivable of an order paid in full nets to zero, and the clearing account holds what the provider owes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from erplink.mappings.errors import MappingError, NotLoadable
from erplink.models import ChargeKind, JournalEntry, JournalKind, JournalLine, Order, Payment, Refund

_ZERO = Decimal("0")
_CENT = Decimal("0.01")


@dataclass(frozen=True)
class JournalAccounts:
    """The GL accounts of a tenant's journals. ``discounts`` and ``fees`` default to ``sales``; ``rounding`` (a
    difference of a cent or so between a store's total and the sum of its parts) to ``sales`` too."""

    sales: str
    tax: str
    shipping: str
    receivable: str
    clearing: str
    discounts: str | None = None
    fees: str | None = None
    rounding: str | None = None
    clearing_by_gateway: Mapping[str, str] = field(default_factory=dict)

    def clearing_for(self, gateway: str | None) -> str:
        if gateway:
            for name, account in self.clearing_by_gateway.items():
                if name.casefold() == gateway.casefold():
                    return account
        return self.clearing


class _Lines:
    """Postings gathered per (account, memo), then written as balanced lines."""

    def __init__(self) -> None:
        self._amounts: dict[tuple[str, str], Decimal] = defaultdict(lambda: _ZERO)

    def debit(self, account: str, amount: Decimal, memo: str) -> None:
        self._amounts[(account, memo)] += amount

    def credit(self, account: str, amount: Decimal, memo: str) -> None:
        self._amounts[(account, memo)] -= amount

    def balance(self) -> Decimal:
        return sum(self._amounts.values(), _ZERO)

    def lines(self) -> tuple[JournalLine, ...]:
        return tuple(
            JournalLine(account=account, memo=memo, debit=max(signed, _ZERO), credit=max(-signed, _ZERO))
            for (account, memo), signed in self._amounts.items()
            if signed != 0
        )


def sale_entry(
    order: Order, accounts: JournalAccounts, *, reference: str, posting_date: date, party: str | None = None
) -> JournalEntry:
    """The sale of ``order``: what the shopper owes against revenue, charges and tax."""
    if order.prices_include_tax:
        raise MappingError(
            order.record_key,
            "its prices include tax; posting such an order as a journal is not supported (tax would count twice)",
        )
    book = _Lines()
    goods = sum((line.subtotal for line in order.lines), _ZERO)
    discounts = sum((line.discount for line in order.lines), _ZERO)
    book.credit(accounts.sales, goods, "goods")
    book.debit(accounts.discounts or accounts.sales, discounts, "discounts")
    for charge in order.charges:
        if charge.kind is ChargeKind.SHIPPING:
            book.credit(accounts.shipping, charge.amount, "shipping")
        elif charge.amount >= 0:
            book.credit(accounts.fees or accounts.sales, charge.amount, "fees")
        else:
            book.debit(accounts.discounts or accounts.sales, -charge.amount, "discounts")
    book.credit(accounts.tax, order.tax_total, "tax")
    book.debit(accounts.receivable, order.total, "order total")
    _absorb_rounding(book, order.record_key, accounts, parts=len(order.lines) + len(order.charges))
    return _entry(JournalKind.SALE, order.record_key, reference, posting_date, order.currency, book, party,
                  f"sale {order.number}")  # fmt: skip


def payment_entry(
    payment: Payment, accounts: JournalAccounts, *, reference: str, posting_date: date, party: str | None = None
) -> JournalEntry:
    """Money the provider took for an order: into its clearing account, off what the shopper owes."""
    book = _Lines()
    book.debit(accounts.clearing_for(payment.gateway), payment.amount, f"payment via {payment.gateway}")
    book.credit(accounts.receivable, payment.amount, "paid")
    return _entry(JournalKind.PAYMENT, payment.record_key, reference, posting_date, payment.currency, book, party,
                  f"payment {payment.source_id} of order {payment.order_source_id}")  # fmt: skip


def refund_entry(
    refund: Refund,
    accounts: JournalAccounts,
    *,
    reference: str,
    posting_date: date,
    gateway: str | None = None,
    party: str | None = None,
) -> JournalEntry:
    """Money given back: off revenue and tax, out of the clearing account of the provider that took it."""
    book = _Lines()
    goods = sum((line.amount for line in refund.lines), _ZERO)
    tax = sum((line.tax for line in refund.lines), _ZERO)
    rest = refund.amount - goods - tax
    if rest < 0:
        raise MappingError(
            refund.record_key, f"its lines give back {goods + tax}, more than the refund's amount {refund.amount}"
        )
    book.debit(accounts.sales, goods, "goods returned")
    book.debit(accounts.tax, tax, "tax returned")
    book.debit(accounts.sales, rest, "refunded beyond its lines (shipping, handling or goodwill)")
    book.credit(accounts.clearing_for(gateway), refund.amount, "refund paid out")
    return _entry(JournalKind.REFUND, refund.record_key, reference, posting_date, refund.currency, book, party,
                  f"refund {refund.source_id} of order {refund.order_source_id}")  # fmt: skip


def reversal_entry(posted: JournalEntry, *, reference: str, posting_date: date) -> JournalEntry:
    """The entry that takes ``posted`` back: every line on the other side."""
    lines = tuple(
        JournalLine(**{**line.model_dump(), "debit": line.credit, "credit": line.debit}) for line in posted.lines
    )
    changes = {"kind": JournalKind.REVERSAL, "reference": reference, "posting_date": posting_date, "lines": lines,
               "description": f"reversal of {posted.reference}"}  # fmt: skip
    return JournalEntry.model_validate({**posted.model_dump(), **changes})


def adjustment_entry(
    posted: JournalEntry, wanted: JournalEntry, *, reference: str, posting_date: date
) -> JournalEntry | None:
    """What brings the books from ``posted`` to ``wanted`` (a sale changed after it was posted), or None when the
    two post the same amounts to the same accounts."""
    if posted.currency != wanted.currency:
        raise MappingError(wanted.record_key, f"its currency changed from {posted.currency} to {wanted.currency}")
    difference = _net(wanted.lines)
    for account, amount in _net(posted.lines).items():
        difference[account] = difference.get(account, _ZERO) - amount
    book = _Lines()
    for account, amount in sorted(difference.items()):
        book.debit(account, amount, "change after posting")
    lines = book.lines()
    if not lines:
        return None
    changes = {"reference": reference, "posting_date": posting_date,
               "lines": lines,
               "description": f"change of {posted.reference} after posting"}  # fmt: skip
    return JournalEntry.model_validate({**wanted.model_dump(), **changes})


def _net(lines: Iterable[JournalLine]) -> dict[str, Decimal]:
    """Each account's net (debit positive). The core's entries carry no sub account or cost center of their own:
    the ERP side applies the tenant's."""
    net: dict[str, Decimal] = defaultdict(lambda: _ZERO)
    for line in lines:
        net[line.account] += line.signed
    return dict(net)


def _absorb_rounding(book: _Lines, record_key: str, accounts: JournalAccounts, *, parts: int) -> None:
    """A store rounds each line's tax and its total on its own, so the parts may miss the total by a cent a part;
    that goes to the rounding account. More means the order does not add up: held for a person."""
    difference = book.balance()
    if abs(difference) > _CENT * max(parts, 1):
        raise MappingError(
            record_key,
            f"its total does not add up: its lines, charges and tax miss the order total by {difference}",
        )
    if difference > 0:
        book.credit(accounts.rounding or accounts.sales, difference, "rounding")
    elif difference < 0:
        book.debit(accounts.rounding or accounts.sales, -difference, "rounding")


def _entry(
    kind: JournalKind,
    record_key: str,
    reference: str,
    posting_date: date,
    currency: str,
    book: _Lines,
    party: str | None,
    description: str,
) -> JournalEntry:
    lines = book.lines()
    if len(lines) < 2:
        raise NotLoadable(f"{record_key}: it moves no money, so there is nothing to post")
    return JournalEntry(kind=kind, reference=reference, record_key=record_key, posting_date=posting_date,
                        currency=currency, description=description, lines=lines, party=party)  # fmt: skip
