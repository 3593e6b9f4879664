"""Numbers, dates and codes as QAD's JSON carries them, read strictly: a refused value names its field."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sandbox.qad.rest.documents import refused

DATE_SUFFIX = "T00:00:00.000Z"
"""QAD writes a date as midnight UTC with milliseconds: `2026-01-05T00:00:00.000Z`."""


def decimal(record: Mapping[str, Any], field: str, *, places: int, minimum: Decimal | None = Decimal(0)) -> Decimal:
    """A number (JSON number or numeric text) with at most `places` decimal places and not below `minimum`."""
    value = record.get(field)
    if isinstance(value, bool) or value is None or value == "":
        raise refused(field, "is required")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise refused(field, f"{value!r} is not a number") from None
    if not number.is_finite() or -number.as_tuple().exponent > places:  # type: ignore[operator]
        raise refused(field, f"{value!r} has more than {places} decimal places")
    if minimum is not None and number < minimum:
        raise refused(field, f"must be at least {minimum}")
    return number


def qad_date(record: Mapping[str, Any], field: str, *, required: bool = True) -> str | None:
    """A date, given as `YYYY-MM-DD` or QAD's `YYYY-MM-DDT00:00:00.000Z`; answered in the latter form."""
    value = record.get(field)
    if value in (None, ""):
        if required:
            raise refused(field, "is required")
        return None
    try:
        day = datetime.strptime(str(value)[:10], "%Y-%m-%d").date()
    except ValueError:
        raise refused(field, f"{value!r} is not a date") from None
    if len(str(value)) not in (10, len("2026-01-05" + DATE_SUFFIX)):
        raise refused(field, f"{value!r} is not a date")
    return day.isoformat() + DATE_SUFFIX


def as_number(text: str | Decimal) -> float | int:
    """A stored decimal as a JSON number."""
    number = Decimal(str(text))
    return int(number) if number == number.to_integral_value() else float(number)
