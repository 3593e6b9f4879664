"""Magento's timestamps: UTC, whole seconds, `YYYY-MM-DD HH:MM:SS` (no `T`, no offset)."""

from __future__ import annotations

from datetime import UTC, datetime

MAGENTO_FORMAT = "%Y-%m-%d %H:%M:%S"


def magento_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(MAGENTO_FORMAT)


def from_woo_gmt(value: str | None) -> str | None:
    """A WooCommerce `*_gmt` value (`2024-12-14T15:28:03`, UTC without offset) in Magento's form."""
    return value.replace("T", " ")[:19] if value else None


def parse_magento_time(value: str) -> datetime | None:
    """A filter value as MySQL would compare it with a DATETIME column: `YYYY-MM-DD HH:MM:SS`, a `T` accepted,
    a bare date as its midnight; None when it is no date."""
    text = value.strip().replace("T", " ")
    for pattern in (MAGENTO_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            return datetime.strptime(text[:19], pattern).replace(tzinfo=UTC)
        except ValueError:
            continue
    return None
