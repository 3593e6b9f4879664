"""A window as QAD browse filters: QAD stamps a record with the date it was last changed, not the time."""

from __future__ import annotations

from datetime import datetime

from erplink.systems.qad.paging import browse_filter


def modified_since_filters(column: str, since: datetime | str | None) -> list[str]:
    """``<column>,ge,<date>,literal``: every row changed on or after the day ``since`` falls on (QAD keeps
    days, so a window's start is widened to its day and the rows of that day come again)."""
    if since is None:
        return []
    day = since.date().isoformat() if isinstance(since, datetime) else str(since)[:10]
    return [browse_filter(column, "ge", day)]
