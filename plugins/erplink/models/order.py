"""A sales order as the store took it, in a form every ERP mapping can read."""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import Field, PositiveInt, model_validator

from erplink.models.base import CanonicalModel, Code, CurrencyCode, Money, NonNegativeMoney, Text, UtcDateTime
from erplink.models.party import Address, Customer


class OrderLine(CanonicalModel):
    """One product line. Amounts exclude tax; `discount` is what coupons took off this line."""

    line_id: PositiveInt
    sku: Code
    product_id: PositiveInt
    variation_id: PositiveInt | None = None
    name: Text
    quantity: PositiveInt
    subtotal: NonNegativeMoney
    discount: NonNegativeMoney
    tax: NonNegativeMoney
    total: NonNegativeMoney

    @property
    def unit_price(self) -> Decimal:
        """Price of one unit before discounts (may have more decimals than the currency: round where sent)."""
        return self.subtotal / self.quantity

    @model_validator(mode="after")
    def _total_is_subtotal_less_discount(self) -> OrderLine:
        if self.subtotal - self.discount != self.total:
            raise ValueError(f"total {self.total} is not subtotal {self.subtotal} less discount {self.discount}")
        return self


class ChargeKind(StrEnum):
    SHIPPING = "shipping"
    FEE = "fee"


class Charge(CanonicalModel):
    """An order-level charge that is not a product: shipping, or a fee.

    Amounts may be negative: stores record ad-hoc discounts as negative fees.
    """

    kind: ChargeKind
    source_id: PositiveInt
    description: Text
    amount: Money
    tax: Money


class Coupon(CanonicalModel):
    """A coupon applied to the order; its effect is already spread over the lines' discounts."""

    code: Text
    discount: NonNegativeMoney
    discount_tax: NonNegativeMoney


class RefundSummary(CanonicalModel):
    """A refund as the order lists it; the full refund document is a `Refund`."""

    refund_id: PositiveInt
    reason: Text | None = None
    amount: Annotated[Money, Field(gt=0)]


class Order(CanonicalModel):
    """A store order with everything an ERP sales order needs, amounts in `currency`."""

    store: Code
    source_id: PositiveInt
    # How the store side names the order in a reason ("<system> order 1042"), and the prefix of the external
    # references its documents get in an ERP (erplink.mappings.references): both are the store side's to say.
    record_key: str
    reference_prefix: Code
    number: Code
    status: Code
    currency: CurrencyCode
    created_at: UtcDateTime
    modified_at: UtcDateTime
    customer: Customer
    billing_address: Address | None = None
    shipping_address: Address | None = None
    lines: Annotated[tuple[OrderLine, ...], Field(min_length=1)]
    charges: tuple[Charge, ...] = ()
    coupons: tuple[Coupon, ...] = ()
    prices_include_tax: bool = False
    discount_total: NonNegativeMoney
    tax_total: NonNegativeMoney
    total: NonNegativeMoney
    erp_reference: Code | None = None
    refunds: tuple[RefundSummary, ...] = ()
    customer_note: Text | None = None
    # What the mapping changed or set aside on the way in, for a person to read next to the ERP document.
    notes: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _line_ids_are_unique(self) -> Order:
        seen: set[int] = set()
        for line in self.lines:
            if line.line_id in seen:
                raise ValueError(f"line id {line.line_id} appears more than once")
            seen.add(line.line_id)
        return self

    @property
    def refunded_total(self) -> Decimal:
        return sum((refund.amount for refund in self.refunds), Decimal("0"))

    @property
    def skus(self) -> tuple[str, ...]:
        """SKUs of the lines, each once, in line order."""
        return tuple(dict.fromkeys(line.sku for line in self.lines))
