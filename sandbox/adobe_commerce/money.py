"""Amounts as Magento's REST layer prints decimal columns: JSON numbers (floats), never strings."""

from __future__ import annotations

from decimal import Decimal


def amount(value: str | float | Decimal | None) -> float:
    return float(Decimal(str(value or "0")).quantize(Decimal("0.01")))
