"""Reading every row of an Acumatica list, without paging over an order the API does not define.

The contract-based API has no ``$orderby`` and defines no order: two requests for the same list may return its
rows in different orders, so walking it with ``$top``/``$skip`` repeats some rows and misses others. Instead every
request here is a ``$filter`` narrow enough that its whole answer is shorter than ``$top``, and so complete:

- a range of modification stamps ``[lo, hi)`` whose answer comes back full is split at a stamp of that answer
  (chosen so that both parts hold rows of it: each part is strictly smaller);
- a single stamp holding ``$top`` rows or more (a mass update stamps many records at once) is split by key ranges
  ``(after, upto]``, again at a key of the full answer.

A row is in exactly one range, so no row is read twice or skipped, whatever order each answer comes in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from erplink.mappings.errors import MappingError

Row = dict[str, Any]
Fetch = Callable[[str | None], list[Row]]
"""Runs one list request with the given ``$filter`` (None: no filter) and ``$top``; returns its rows."""

ONE_TICK = timedelta(milliseconds=1)  # the finest step of Acumatica's stamps


def datetimeoffset(value: datetime) -> str:
    """An OData v3 literal at millisecond precision (URL-encoding the ``+`` is left to requests)."""
    return f"datetimeoffset'{value.astimezone(UTC).isoformat(timespec='milliseconds')}'"


def text_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


@dataclass(frozen=True)
class _Range:
    lo: datetime | None = None  # inclusive
    hi: datetime | None = None  # exclusive
    instant: datetime | None = None  # one stamp, split by key instead
    after: str | None = None  # key range (after, upto]
    upto: str | None = None

    def clauses(self, stamp_field: str, key_field: str) -> list[str]:
        if self.instant is not None:
            out = [f"{stamp_field} eq {datetimeoffset(self.instant)}"]
        else:
            out = []
            if self.lo is not None:
                out.append(f"{stamp_field} ge {datetimeoffset(self.lo)}")
            if self.hi is not None:
                out.append(f"{stamp_field} lt {datetimeoffset(self.hi)}")
        if self.after is not None:
            out.append(f"{key_field} gt {text_literal(self.after)}")
        if self.upto is not None:
            out.append(f"{key_field} le {text_literal(self.upto)}")
        return out


def read_complete(
    fetch: Fetch,
    *,
    top: int,
    stamp_field: str,
    key_field: str,
    since: datetime | None = None,
    until: datetime | None = None,
    base_filter: str | None = None,
    max_requests: int = 100_000,
) -> Iterator[Row]:
    """Every row with ``since <= stamp < until`` (either bound optional) that ``base_filter`` admits, each once.

    Rows must carry ``stamp_field`` and ``key_field`` (select them). ``max_requests`` guards against a server that
    ignores the filter (each answer would come back full forever).
    """
    if top < 2:
        raise ValueError(f"$top must be at least 2 to split a full answer, got {top}")
    pending = [_Range(lo=since, hi=until)]
    requests_made = 0
    while pending:
        current = pending.pop()
        clauses = current.clauses(stamp_field, key_field)
        if base_filter:
            clauses.insert(0, f"({base_filter})")
        requests_made += 1
        if requests_made > max_requests:
            raise RuntimeError(
                f"reading by {stamp_field} did not converge after {max_requests} requests: the "
                "server seems to ignore $filter"
            )
        rows = fetch(" and ".join(clauses) if clauses else None)
        if len(rows) < top:
            yield from rows
            continue
        pending.extend(_split(current, rows, stamp_field, key_field))


def _split(current: _Range, rows: list[Row], stamp_field: str, key_field: str) -> list[_Range]:
    if current.instant is None:
        stamps = sorted({_stamp(row, stamp_field) for row in rows})
        if len(stamps) > 1:
            middle = stamps[max(1, len(stamps) // 2)]  # rows on both sides: each part is strictly smaller
            return [_Range(lo=current.lo, hi=middle), _Range(lo=middle, hi=current.hi)]
        only = stamps[0]
        # Every row of a full answer shares one stamp: that instant by keys, the rest of the range around it.
        parts = [_Range(instant=only)]
        if current.lo is None or current.lo < only:
            parts.append(_Range(lo=current.lo, hi=only))
        if current.hi is None or only + ONE_TICK < current.hi:
            parts.append(_Range(lo=only + ONE_TICK, hi=current.hi))
        return parts
    keys = sorted({_key(row, key_field) for row in rows}, key=str.casefold)
    if len(keys) < 2:
        raise RuntimeError(f"a full answer holds one {key_field} only ({keys}); keys are not unique")
    middle_key = keys[len(keys) // 2 - 1]
    return [
        _Range(instant=current.instant, after=current.after, upto=middle_key),
        _Range(instant=current.instant, after=middle_key, upto=current.upto),
    ]


def _stamp(row: Mapping[str, Any], field: str) -> datetime:
    node = row.get(field)
    value = node.get("value") if isinstance(node, Mapping) else None
    if not isinstance(value, str):
        raise MappingError(f"row {row.get('id')}", f"{field}: expected a wrapped date-time, got {node!r}")
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)
    except ValueError:
        raise MappingError(f"row {row.get('id')}", f"{field}: not a date-time: {value!r}") from None


def _key(row: Mapping[str, Any], field: str) -> str:
    node = row.get(field)
    value = node.get("value") if isinstance(node, Mapping) else None
    if not isinstance(value, str):
        raise MappingError(f"row {row.get('id')}", f"{field}: expected a wrapped key, got {node!r}")
    return value
