"""Incremental extraction windows on modified time, in GMT/UTC everywhere.

A run reads the records modified in ``[start, end)``:

- ``start`` is the previous watermark minus an *overlap*, so records committed late with a timestamp just
  before the watermark are read again (the ledger's payload hash makes the re-read of an unchanged record a
  no-op);
- ``end`` is *now* minus a *lag*, which includes an allowance for clock skew between us and the server, so
  the watermark never advances into the seconds where transactions may still be landing.

The watermark is a ``(modified, ids)`` pair: the highest modified time seen and the ids of the records that
carry exactly that time. APIs filter on whole seconds and their ``after`` filters are often exclusive, so a
window has to start *at* the watermark second; the remembered ids drop the records already taken at that
second, so they are neither skipped nor taken twice (the same idea as dlt's incremental boundary hashes).
"""

from __future__ import annotations

import email.utils
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

UTC = UTC

Record = Mapping[str, Any]
# Whatever a run read: records themselves, or (modified, id) pairs taken from them.
ReadT = TypeVar("ReadT")


def to_utc(value: datetime) -> datetime:
    """An aware UTC datetime; naive values are taken to be UTC already (every API here speaks GMT)."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def parse_timestamp(value: str | datetime) -> datetime:
    """Parse the timestamps the systems send: ISO-8601 (with or without zone, ``T`` or space) and RFC 2822."""
    if isinstance(value, datetime):
        return to_utc(value)
    text = value.strip()
    if text[:1].isalpha():  # "Wed, 05 Dec 2018 20:16:55 +0000" (BigCommerce v2)
        return to_utc(email.utils.parsedate_to_datetime(text))
    return to_utc(datetime.fromisoformat(text))


@dataclass(frozen=True)
class Watermark:
    """The highest modified time read so far and the ids of the records read at exactly that time."""

    value: datetime
    boundary_ids: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        object.__setattr__(self, "value", to_utc(self.value))
        object.__setattr__(self, "boundary_ids", frozenset(str(i) for i in self.boundary_ids))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe form for XCom and the ledger."""
        return {"value": self.value.isoformat(), "boundary_ids": sorted(self.boundary_ids)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> Watermark | None:
        if not data or not data.get("value"):
            return None
        return cls(parse_timestamp(data["value"]), frozenset(data.get("boundary_ids") or ()))


@dataclass(frozen=True)
class WindowPolicy:
    """How far a window reaches back before the watermark and how far it stays behind now."""

    overlap: timedelta = timedelta(minutes=2)
    lag: timedelta = timedelta(seconds=30)
    clock_skew: timedelta = timedelta(minutes=1)

    def __post_init__(self) -> None:
        for name in ("overlap", "lag", "clock_skew"):
            if getattr(self, name) < timedelta(0):
                raise ValueError(f"{name} must not be negative")

    @property
    def delay(self) -> timedelta:
        """How far behind now a window ends: the lag plus the clock-skew allowance."""
        return self.lag + self.clock_skew


@dataclass(frozen=True)
class Window:
    """Records modified in ``[start, end)``; ``start`` None means from the beginning."""

    start: datetime | None
    end: datetime
    boundary: Watermark | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "end", to_utc(self.end))
        if self.start is not None:
            object.__setattr__(self, "start", min(to_utc(self.start), self.end))

    def admits(self, modified: datetime, record_id: Any) -> bool:
        """Whether a record read from the API belongs to this run.

        Records at or after ``end`` are left for the next run (APIs without an upper-bound filter return
        them); records at the watermark second whose ids were taken last time are dropped.
        """
        modified = to_utc(modified)
        if modified >= self.end:
            return False
        if self.start is not None and modified < self.start:
            return False
        boundary = self.boundary
        return not (boundary and modified == boundary.value and str(record_id) in boundary.boundary_ids)


def window_for_run(
    *,
    now: datetime,
    policy: WindowPolicy = WindowPolicy(),
    previous: Watermark | None = None,
    data_interval_start: datetime | None = None,
    data_interval_end: datetime | None = None,
    since: str | datetime | None = None,
    until: str | datetime | None = None,
) -> Window:
    """The window a run reads.

    - ``since``/``until`` (Params of a manual run) win; the run re-reads that range and ignores the watermark.
    - Otherwise a previous watermark makes it incremental: from the watermark minus the overlap.
    - Otherwise the data interval (a backfill or the first scheduled run; pass ``previous=None`` for backfills).
    In every case the end is capped at ``now - (lag + clock_skew)``.
    """
    ceiling = to_utc(now) - policy.delay
    if since is not None or until is not None:
        start = parse_timestamp(since) if since is not None else None
        end = min(parse_timestamp(until), ceiling) if until is not None else ceiling
        return Window(start, end)
    if previous is not None:
        return Window(previous.value - policy.overlap, ceiling, boundary=previous)
    start = to_utc(data_interval_start) if data_interval_start is not None else None
    end = min(to_utc(data_interval_end), ceiling) if data_interval_end is not None else ceiling
    return Window(start, end)


def field_timestamp(name: str) -> Callable[[Record], datetime]:
    """Read a record's modified time from a field (Acumatica's ``{"value": ...}`` wrapping included)."""

    def read(record: Record) -> datetime:
        value = record[name]
        if isinstance(value, Mapping):
            value = value["value"]
        return parse_timestamp(value)

    return read


def field_id(name: str) -> Callable[[Record], str]:
    def read(record: Record) -> str:
        value = record[name]
        if isinstance(value, Mapping):
            value = value["value"]
        return str(value)

    return read


def next_watermark(
    records: Iterable[ReadT],
    *,
    modified: Callable[[ReadT], datetime],
    record_id: Callable[[ReadT], str],
    previous: Watermark | None = None,
) -> Watermark | None:
    """The watermark after a run that read ``records`` (admitted records, in any order).

    With no records the previous watermark stands: advancing to the window's end could step over records
    that commit late. Ids at the same second as the previous watermark are merged, because the records that
    window dropped at that second are still "taken".
    """
    top: datetime | None = None
    ids: set[str] = set()
    for record in records:
        stamp = to_utc(modified(record))
        if top is None or stamp > top:
            top, ids = stamp, {record_id(record)}
        elif stamp == top:
            ids.add(record_id(record))
    if top is None:
        return previous
    if previous is not None:
        if previous.value > top:
            return previous
        if previous.value == top:
            ids |= previous.boundary_ids
    return Watermark(top, frozenset(ids))


# How a window becomes query parameters is each system's own (``erplink.systems.<system>.windows``).


def iso_seconds(value: datetime) -> str:
    """``2026-01-05T10:00:05``: whole seconds in UTC, without a zone (a system's query parameters add theirs)."""
    return to_utc(value).strftime("%Y-%m-%dT%H:%M:%S")
