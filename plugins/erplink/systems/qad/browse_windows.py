"""Reading every row of a QAD browse without paging over an order QAD does not define.

QAD documents no row order for a browse and nothing about a page walk while rows change: page ``n`` of one
request and page ``n + 1`` of the next may be cut from different orders of a result that changed in between, so
a ``page``/``pageSize`` walk repeats some rows and misses others. Every request here is page 1 of a *window*
instead: the caller's filters plus a range of the browse's key column (``gt``/``ge``/``lt``/``le``). Only an
answer that says nothing follows (``HasMoreParams`` false, fewer rows than asked for) is taken: it holds the
whole window as it stood at that moment.

- A window whose answer comes back full is split at keys of that answer into windows of about ``page_size``
  rows. An answer in key order is taken as the window's first rows: its keys mark the next windows directly, and
  the rest of the window is asked for after them. Any other answer is a sample of the window: the window's
  ``totalCount`` says how many windows to cut, at the sample's quantiles (no count: the window is halved).
- Every window after the first is asked for with room (``max_page_size`` rows, the browse's maximum), so one
  that drew a few more rows than planned still comes back whole: about one request per page of rows.
- A full answer holding one value of the key column only (several rows per key value) is read by the next key
  column, that value held with ``eq``.

The windows of a split cover the window they came from, so a row present for the whole walk is in some window
read whole, and rows are passed on once by key (which also absorbs a server comparing keys differently from
the split). A server that ignores the filters answers rows outside the window, or the same full page for a
narrower window: the walk fails (``RepeatedPageError``) rather than splitting forever, as it does after
``max_requests``.

How a window becomes the filters of a request is the ``syntax`` of the transport: REST browse filters by default,
4GL ``where`` clauses over QXtend (``qxtend/key_windows.py``); the planning of windows is the same for both.
"""

from __future__ import annotations

import math
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cmp_to_key
from itertools import pairwise
from typing import Any, Protocol

from erplink.paging.base import Record, RepeatedPageError
from erplink.systems.qad.paging import BROWSE_MAX_PAGE_SIZE, browse_filter

BrowseFetch = Callable[[Sequence[str], int], tuple[list[Record], bool]]
"""Asks page 1 of the browse with these filters and this ``pageSize``; gives its rows and whether more follow."""
BrowseCount = Callable[[Sequence[str]], int | None]
"""The browse's ``totalCount`` with these filters, or None when the instance does not give it."""


class WindowSyntax(Protocol):
    """How one transport writes a window's bounds as filters of a request."""

    def condition(self, column: str, op: str, value: str) -> str:
        """Key column ``column`` compared by ``op`` (``eq``, ``gt``, ``ge``, ``lt``, ``le``) with ``value``."""
        ...

    def held_columns(self, base_filters: Sequence[str]) -> set[str]:
        """The key columns the caller's filters hold to one value (``eq``): the walk does not split on them."""
        ...


class BrowseFilterSyntax:
    """REST browse ``filter`` parameters, e.g. ``pt_mstr.pt_part,gt,A10,literal``."""

    def condition(self, column: str, op: str, value: str) -> str:
        return browse_filter(column, op, value)

    def held_columns(self, base_filters: Sequence[str]) -> set[str]:
        return {text.split(",")[0] for text in base_filters if text.split(",")[1:2] == ["eq"]}


def compare_keys(left: str, right: str) -> int:
    """Two values of a key column compared as QAD compares a character field: as text, without case."""
    a, b = left.casefold(), right.casefold()
    return (a > b) - (a < b)


def key_text(value: Any) -> str:
    return "" if value is None else str(value)


@dataclass(frozen=True)
class Bound:
    value: str
    inclusive: bool


@dataclass(frozen=True)
class Window:
    """Rows whose key columns ``held`` (by position) have those values and whose column ``depth`` lies between
    the bounds."""

    depth: int
    held: tuple[tuple[int, str], ...] = ()
    lower: Bound | None = None
    upper: Bound | None = None
    parent_keys: frozenset[tuple[str, ...]] | None = None  # the full answer this window was split from

    def filters(self, columns: Sequence[str], syntax: WindowSyntax) -> list[str]:
        out = [syntax.condition(columns[index], "eq", value) for index, value in self.held]
        if self.lower is not None:
            op = "ge" if self.lower.inclusive else "gt"
            out.append(syntax.condition(columns[self.depth], op, self.lower.value))
        if self.upper is not None:
            op = "le" if self.upper.inclusive else "lt"
            out.append(syntax.condition(columns[self.depth], op, self.upper.value))
        return out

    def admits(self, key: tuple[str, ...]) -> bool:
        if any(compare_keys(key[index], value) != 0 for index, value in self.held):
            return False
        value = key[self.depth]
        if self.lower is not None and compare_keys(value, self.lower.value) < (0 if self.lower.inclusive else 1):
            return False
        return self.upper is None or compare_keys(value, self.upper.value) <= (0 if self.upper.inclusive else -1)


@dataclass
class WindowedBrowseWalk:
    """Every row a browse holds for ``base_filters``, each once, however the browse orders and pages them.

    ``key_columns`` identify a row; the leading ones the base filters hold with ``eq`` are not split on.
    """

    fetch: BrowseFetch
    count: BrowseCount
    key_columns: Sequence[str]
    base_filters: Sequence[str] = ()
    page_size: int = 200
    max_page_size: int = BROWSE_MAX_PAGE_SIZE
    max_requests: int = 100_000
    label: str = "QAD browse"
    syntax: WindowSyntax = field(default_factory=BrowseFilterSyntax)
    requests: int = 0

    def __post_init__(self) -> None:
        if not 2 <= self.page_size <= self.max_page_size:
            raise ValueError(f"{self.label}: page size must be 2 to {self.max_page_size}, got {self.page_size}")
        if not self.key_columns:
            raise ValueError(f"{self.label}: a windowed walk needs the browse's key columns")

    def rows(self) -> Iterator[Record]:
        seen: set[tuple[str, ...]] = set()
        held_by_filter = self.syntax.held_columns(self.base_filters)
        depth = 0
        while depth < len(self.key_columns) - 1 and self.key_columns[depth] in held_by_filter:
            depth += 1
        pending: deque[Window] = deque([Window(depth=depth)])
        first = True
        while pending:
            window = pending.popleft()
            asked = self.page_size if first else self.max_page_size
            first = False
            rows, more = self._fetch(window, asked)
            keys = [self._key(row) for row in rows]
            if not rows or not more:
                for row, key in zip(rows, keys, strict=True):
                    if key not in seen:
                        seen.add(key)
                        yield row
                continue
            self._check_narrowed(window, keys)
            pending.extendleft(reversed(self._split(window, keys)))

    def _fetch(self, window: Window, page_size: int) -> tuple[list[Record], bool]:
        self.requests += 1
        if self.requests > self.max_requests:
            raise RuntimeError(
                f"{self.label}: not read whole after {self.max_requests} requests; the instance seems to ignore "
                "the browse filters"
            )
        return self.fetch([*self.base_filters, *window.filters(self.key_columns, self.syntax)], page_size)

    def _key(self, row: Record) -> tuple[str, ...]:
        return tuple(key_text(row.get(column)) for column in self.key_columns)

    def _check_narrowed(self, window: Window, keys: list[tuple[str, ...]]) -> None:
        # A few rows outside may be a collation that orders some characters differently; most rows outside, or
        # the very rows of the wider window, mean the filters are not applied.
        outside = sum(1 for key in keys if not window.admits(key))
        repeated = window.parent_keys is not None and frozenset(keys) == window.parent_keys
        if 2 * outside > len(keys) or repeated:
            where = f"{self.label} {window.filters(self.key_columns, self.syntax)}"
            raise RepeatedPageError(where, self.requests, self.requests - 1)

    def _split(self, window: Window, keys: list[tuple[str, ...]]) -> list[Window]:
        values = [key[window.depth] for key in keys]
        per_value = Counter(_canonical(value) for value in values)
        distinct = sorted({_canonical(v): v for v in values}.values(), key=cmp_to_key(compare_keys))
        parent = frozenset(keys)
        if len(distinct) == 1:
            return self._split_tied(window, distinct[0])
        in_key_order = all(compare_keys(a, b) <= 0 for a, b in pairwise(values))
        if in_key_order:
            cuts = _cuts_every(distinct, per_value, self.page_size)
        else:
            total = self.count([*self.base_filters, *window.filters(self.key_columns, self.syntax)])
            parts = math.ceil(total / self.page_size) if total else 2
            cuts = _cuts_at_quantiles(distinct, per_value, max(parts, 2))
        lowers = [window.lower, *(Bound(cut, False) for cut in cuts)]
        uppers = [*(Bound(cut, True) for cut in cuts), window.upper]
        return [
            Window(window.depth, window.held, lower=lower, upper=upper, parent_keys=parent)
            for lower, upper in zip(lowers, uppers, strict=True)
        ]

    def _split_tied(self, window: Window, value: str) -> list[Window]:
        """Every row of a full answer has one value of the split column: that value by the next column, and the
        rest of the window on either side of it."""
        if window.depth + 1 >= len(self.key_columns):
            raise RuntimeError(
                f"{self.label}: a page of rows shares the key {[v for _, v in window.held] + [value]}; the key "
                f"columns {list(self.key_columns)} do not identify a row"
            )
        parts = []
        if window.lower is None or compare_keys(window.lower.value, value) < 0:
            parts.append(Window(window.depth, window.held, lower=window.lower, upper=Bound(value, False)))
        parts.append(Window(window.depth + 1, (*window.held, (window.depth, value))))
        if window.upper is None or compare_keys(value, window.upper.value) < 0:
            parts.append(Window(window.depth, window.held, lower=Bound(value, False), upper=window.upper))
        return parts


def _canonical(value: str) -> str:
    return value.casefold()


def _cuts_every(distinct: list[str], per_value: Counter[str], page_size: int) -> list[str]:
    """Cuts after about ``page_size`` rows each through an answer that holds the window's first rows; the last
    value is left to the window's rest (rows of it may follow the answer)."""
    cuts, rows = [], 0
    for value in distinct[:-1]:
        rows += per_value[_canonical(value)]
        if rows >= page_size:
            cuts.append(value)
            rows = 0
    if not cuts or cuts[-1] != distinct[-2]:
        cuts.append(distinct[-2])
    return cuts


def _cuts_at_quantiles(distinct: list[str], per_value: Counter[str], parts: int) -> list[str]:
    """Cuts at the answer's quantiles, for ``parts`` windows of about equal rows; never at the highest value, so
    each window leaves out rows of the answer and is strictly smaller than the one it came from."""
    total = sum(per_value.values())
    cuts, rows, target = [], 0, 1
    for value in distinct[:-1]:
        rows += per_value[_canonical(value)]
        if rows * parts >= target * total:
            cuts.append(value)
            while target * total <= rows * parts:
                target += 1
    return cuts or [distinct[-2]]  # most rows share the highest value: cut just below it
