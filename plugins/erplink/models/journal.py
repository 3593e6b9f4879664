"""A general-ledger journal entry an ERP posts for a store's money (a sale, a payment received, a refund), and the
payment it may record. Amounts are positive; which side of the ledger they fall on is the line's debit or credit."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import Field, PositiveInt, model_validator

from erplink.models.base import CanonicalModel, Code, CurrencyCode, NonNegativeMoney, Text, UtcDateTime

_ZERO = Decimal("0")


class JournalKind(StrEnum):
    SALE = "sale"  # the order's revenue, tax and charges against what the shopper owes
    PAYMENT = "payment"  # money received from the payment provider against what the shopper owes
    REFUND = "refund"  # money given back, against revenue, tax and charges
    REVERSAL = "reversal"  # a posted sale taken back (the order was cancelled after it was posted)


class JournalLine(CanonicalModel):
    """One posting: exactly one of ``debit`` and ``credit`` is above zero."""

    account: Code
    sub_account: Code | None = None
    cost_center: Code | None = None
    debit: NonNegativeMoney = _ZERO
    credit: NonNegativeMoney = _ZERO
    memo: Text

    @model_validator(mode="after")
    def _one_side(self) -> JournalLine:
        if (self.debit > 0) == (self.credit > 0):
            raise ValueError(f"line on {self.account} must be a debit or a credit, not {self.debit}/{self.credit}")
        return self

    @property
    def signed(self) -> Decimal:
        """Debit positive, credit negative."""
        return self.debit - self.credit


class JournalEntry(CanonicalModel):
    """A balanced entry: its debits equal its credits, to the currency's last decimal."""

    kind: JournalKind
    reference: Code  # the deterministic external reference the ERP stores, and the load protocol looks up
    record_key: str  # how the source names what the entry is for, in a reason
    posting_date: date
    currency: CurrencyCode
    description: Text
    lines: Annotated[tuple[JournalLine, ...], Field(min_length=2)]
    party: Code | None = None  # the ERP customer the entry is for, where the ERP keeps one on a journal

    @model_validator(mode="after")
    def _balanced(self) -> JournalEntry:
        debits, credits = self.total_debit, sum((line.credit for line in self.lines), _ZERO)
        if debits != credits:
            raise ValueError(f"debits {debits} do not equal credits {credits}")
        return self

    @property
    def total_debit(self) -> Decimal:
        return sum((line.debit for line in self.lines), _ZERO)


class Payment(CanonicalModel):
    """Money a payment provider took for an order (a capture or a sale with capture), as the store lists it."""

    store: Code
    source_id: PositiveInt
    order_source_id: PositiveInt
    record_key: str  # how the store side names the payment in a reason
    created_at: UtcDateTime
    currency: CurrencyCode
    amount: Annotated[NonNegativeMoney, Field(gt=0)]
    gateway: Code  # the provider, e.g. "braintree": each may settle to its own clearing account
    method: Text | None = None
    test: bool = False  # taken in the provider's test mode: no real money moved
