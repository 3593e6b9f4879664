"""The store's two date forms: RFC-2822 in v2 bodies, RFC 3339 in v3 bodies; filters accept RFC-2822 or ISO-8601.

Every stamp is kept at whole seconds, as BigCommerce prints them (`Wed, 05 Dec 2018 20:16:55 +0000`), so two
changes within one second carry the same `date_modified`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime


class UnreadableDate(ValueError):
    """A filter value that is neither RFC-2822 nor ISO-8601."""


def to_second(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(microsecond=0)


def rfc2822(moment: datetime) -> str:
    """`Wed, 05 Dec 2018 20:16:55 +0000` (orders.v2.oas2.yml examples)."""
    return format_datetime(to_second(moment))


def rfc3339(moment: datetime) -> str:
    """`2022-06-16T18:39:00+00:00` (orders.v3.yml `Metafield.date_created` example)."""
    return to_second(moment).isoformat()


def parse_filter_date(text: str) -> datetime:
    """A `min_date_modified`-style value in either documented form; a value without an offset is read as UTC
    (an assumption: the spec does not say which zone a bare value is in)."""
    text = text.strip()
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            moment = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError) as error:
            raise UnreadableDate(text) from error
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
