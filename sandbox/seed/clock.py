"""Dates in the two forms every Woo document carries: store-local and GMT, both without an offset."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sandbox.seed.world import STORE_TIMEZONE

STORE_ZONE = ZoneInfo(STORE_TIMEZONE)


def woo_dates(moment_utc: datetime) -> tuple[str, str]:
    """Return (site-local, GMT) ISO strings without offset, the way wc/v3 prints `date_*` and `date_*_gmt`."""
    # isoformat(timespec="seconds") is "YYYY-MM-DDTHH:MM:SS+hh:mm"; the first 19 characters drop the offset.
    return (moment_utc.astimezone(STORE_ZONE).isoformat(timespec="seconds")[:19],
            moment_utc.astimezone(UTC).isoformat(timespec="seconds")[:19])
