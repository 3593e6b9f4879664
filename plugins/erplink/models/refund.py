"""Money given back on an order, with the goods it covers."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, NonNegativeInt, PositiveInt, model_validator

from erplink.models.base import CanonicalModel, Code, CurrencyCode, Money, NonNegativeMoney, Text, UtcDateTime


class RefundLine(CanonicalModel):
    """Part of a refund tied to one order line. Quantities and amounts are positive (what was given back)."""

    line_id: PositiveInt
    order_line_id: PositiveInt | None
    sku: Code | None = None
    quantity: NonNegativeInt
    amount: NonNegativeMoney
    tax: NonNegativeMoney
    restock: bool

    @model_validator(mode="after")
    def _restock_needs_goods(self) -> RefundLine:
        if self.restock and self.quantity == 0:
            raise ValueError("a line without quantity cannot be restocked")
        return self


class Refund(CanonicalModel):
    """A refund on an order. `amount` (tax included) is authoritative; lines may cover only part of it or
    be absent altogether for an amount-only refund."""

    store: Code
    source_id: PositiveInt
    order_source_id: PositiveInt
    record_key: str  # how the store side names the refund in a reason
    created_at: UtcDateTime
    currency: CurrencyCode
    amount: Annotated[Money, Field(gt=0)]
    reason: Text | None = None
    lines: tuple[RefundLine, ...] = ()
