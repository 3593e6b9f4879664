"""Money and quantities travel as decimal strings: the wire types that enforce that, and their formatting.

A JSON number is refused outright, as is a string with more places than the tenant keeps (2 for money,
4 for quantities): silently rounding a client's amount is how ledgers drift.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated

from pydantic import AfterValidator, StringConstraints

MONEY_PATTERN = r"^-?\d{1,13}(\.\d{1,2})?$"
NON_NEGATIVE_MONEY_PATTERN = r"^\d{1,13}(\.\d{1,2})?$"
QUANTITY_PATTERN = r"^\d{1,9}(\.\d{1,4})?$"
SIGNED_QUANTITY_PATTERN = r"^-?\d{1,9}(\.\d{1,4})?$"

_CENT = Decimal("0.01")


def _positive(value: str) -> str:
    if Decimal(value) <= 0:
        raise ValueError("must be greater than 0")
    return value


Money = Annotated[str, StringConstraints(pattern=MONEY_PATTERN)]
"""A signed amount with at most 2 decimal places, e.g. "-12.50"."""

NonNegativeMoney = Annotated[str, StringConstraints(pattern=NON_NEGATIVE_MONEY_PATTERN)]
PositiveMoney = Annotated[NonNegativeMoney, AfterValidator(_positive)]
Quantity = Annotated[str, StringConstraints(pattern=SIGNED_QUANTITY_PATTERN)]
NonNegativeQuantity = Annotated[str, StringConstraints(pattern=QUANTITY_PATTERN)]
PositiveQuantity = Annotated[NonNegativeQuantity, AfterValidator(_positive)]


def format_money(amount: Decimal) -> str:
    """Two places (half up), no exponent: the form every money field is returned in."""
    return f"{amount.quantize(_CENT, rounding=ROUND_HALF_UP):f}"


def format_quantity(quantity: Decimal) -> str:
    """Shortest plain form without an exponent: "2", "2.5", "0.125"."""
    text = f"{quantity.normalize():f}"
    return text if text != "-0" else "0"
