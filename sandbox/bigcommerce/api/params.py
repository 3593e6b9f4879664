"""Query parameters as the store reads them: numbers that may come as `50` or `50.0` (the spec types `page`
and `limit` as `number`), dates in RFC-2822 or ISO-8601. A value it cannot read is a 400."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sandbox.bigcommerce.dates import UnreadableDate, parse_filter_date
from sandbox.bigcommerce.errors import BigCommerceError


def whole_number(query: Mapping[str, str], name: str, default: int | None = None) -> int | None:
    raw = query.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise BigCommerceError(400, f"The field '{name}' is invalid.") from None
    if not value.is_integer():
        raise BigCommerceError(400, f"The field '{name}' is invalid.")
    return int(value)


def date(query: Mapping[str, str], name: str) -> datetime | None:
    raw = query.get(name)
    if raw is None or raw == "":
        return None
    try:
        return parse_filter_date(raw)
    except UnreadableDate:
        raise BigCommerceError(400, f"The field '{name}' is invalid.") from None


def id_list(query: Mapping[str, str], name: str) -> set[int] | None:
    raw = query.get(name)
    if not raw:
        return None
    try:
        return {int(part) for part in raw.split(",") if part.strip()}
    except ValueError:
        raise BigCommerceError(400, f"The field '{name}' is invalid.") from None
