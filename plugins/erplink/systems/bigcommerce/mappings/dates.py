"""BigCommerce's two date formats: v2 sends RFC 2822 (``Wed, 05 Dec 2018 20:16:55 +0000``), v3 RFC 3339."""

from __future__ import annotations

import email.utils
from datetime import UTC, datetime
from typing import Any

from erplink.mappings.json_fields import parse_utc_datetime, show


def parse_rfc2822(value: Any) -> datetime:
    """A v2 date as an aware UTC instant; a ``-0000`` zone (RFC 2822's "unknown") is read as UTC."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{show(value)} is not an RFC 2822 date")
    try:
        parsed = email.utils.parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        raise ValueError(f"{show(value)} is not an RFC 2822 date") from None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def parse_rfc3339(value: Any) -> datetime:
    """A v3 date (``2020-01-15T01:02:34-01:00`` or with ``Z``) as an aware UTC instant."""
    return parse_utc_datetime(value)
