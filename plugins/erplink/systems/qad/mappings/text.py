"""Text and number formatting for QAD documents: decimal strings and field lengths."""

from __future__ import annotations

import unicodedata
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")

QAD_FIELD_LENGTHS: dict[str, int] = {
    "name": 60,
    "line1": 60,
    "line2": 60,
    "city": 40,
    "state": 30,
    "postalCode": 20,
    "phone": 30,
    "description": 60,
    "customerPo": 30,
    "reason": 80,
    "notes": 2000,
}
"""Longest text QAD accepts per field. The stand-in contract publishes no lengths, so these are assumptions
sized like common ERP address and description fields; a tenant's real Swagger may say otherwise."""

_TRIM_MARK = "…"


def money_text(amount: Decimal) -> str:
    """A money amount as QAD takes it: a decimal string with exactly two places ("12.50")."""
    rounded = amount.quantize(CENT, rounding=ROUND_HALF_UP)
    # A zero that rounded from a negative would print as "-0.00".
    return f"{rounded:.2f}" if rounded else "0.00"


def quantity_text(quantity: int) -> str:
    return str(quantity)


def fit(value: str, field: str, notes: list[str] | None = None, *, where: str = "") -> str:
    """`value` cut to the QAD length of `field`, marked with "…" when cut, and the cut recorded in `notes`.

    Markup and SQL in names are data: nothing here interprets, escapes or strips them, it only shortens.
    """
    limit = QAD_FIELD_LENGTHS[field]
    if len(value) <= limit:
        return value
    kept = value[: limit - len(_TRIM_MARK)]
    # A cut can land inside a combining sequence or an emoji joined with zero-width joiners; drop the
    # dangling joiners and marks rather than leave half a character behind.
    while kept and unicodedata.category(kept[-1]) in {"Mn", "Me", "Cf"}:
        kept = kept[:-1]
    if notes is not None:
        notes.append(f"{where or field} trimmed from {len(value)} to {limit} characters")
    return kept + _TRIM_MARK
