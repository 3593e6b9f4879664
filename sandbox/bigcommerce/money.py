"""Money as the v2 API prints it: strings with four decimals (`"336.3200"`, orders.v2.oas2.yml examples)."""

from __future__ import annotations

from decimal import Decimal


def v2_money(value: str | Decimal | int | float) -> str:
    return f"{Decimal(str(value)).quantize(Decimal('0.0001'))}"


def v3_number(value: str | Decimal | int | float) -> float:
    """v3 catalog and refund amounts are JSON numbers."""
    return float(Decimal(str(value)))
