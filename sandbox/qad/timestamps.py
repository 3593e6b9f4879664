"""Time as the tenant sees it: an injectable clock and the wire format of timestamps."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]
"""Returns the current time as an aware datetime; tests inject a controllable one."""


def system_clock() -> datetime:
    return datetime.now(UTC)


def stamp(clock: Clock) -> datetime:
    """The current time truncated to whole seconds, the precision the tenant records documents with.

    Whole seconds mean several documents share a `modifiedAt`; that is why lists order by id as well and why
    `modifiedSince` is inclusive.
    """
    return clock().astimezone(UTC).replace(microsecond=0)


def format_timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_timestamp(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)
