"""A page walk that cannot skip a record: offset pages over a list sorted by a unique integer id.

Why it cannot skip (the long version is docs/extract.md):

- A page fetched at offset ``o`` holds consecutive rows of the list as it stood at that moment. The list is
  sorted by a unique id, so the page proves that every row whose id lies between its first and last id was on
  it; the page at offset 0 proves nothing comes before its first id; a short (or empty first) page proves
  nothing comes after its last. So each page *covers* a span of ids.
- Pages are planned one row apart (offset step ``per_page - 1``), so on a list that does not change, each page
  starts with the row the previous one ended with and the spans join.
- A row leaving the list (an order modified out of the window, trashed or deleted) shifts the rows after it one
  place back, and the next page then starts past a row nobody read: its span does not join the one before. That
  gap is read again from further back until the spans join. A row entering the list only makes spans overlap.
- The walk ends when the spans, joined, reach from the start of the list to its end. Every row that stayed in
  the list throughout the walk lies in some span at a moment it was present, so it was read. A row that left
  during the walk was changed, and the change brings it into a later window.
- A list that changes faster than the walk can close its gaps fails the walk (``IncompleteWalkError``) rather
  than returning an incomplete read; the task's retry reads it again.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from erplink.paging.readers import AdaptiveReaders

Record = dict[str, Any]
_START, _END = -math.inf, math.inf


@dataclass(frozen=True)
class OffsetPage:
    """One page as the server answered it."""

    offset: int
    records: list[Record]
    ids: list[int]
    full: bool  # as many rows as asked for: the list may go on after it
    total: int | None  # the server's count of the whole list at that moment, when it says


class UnsortedPageError(RuntimeError):
    """The server did not sort the page by id: the walk's proof does not hold, so nothing is claimed."""


class IncompleteWalkError(RuntimeError):
    """The list kept changing faster than its gaps could be read again."""


class Coverage:
    """The id spans the pages read so far prove, and where each id was last seen."""

    def __init__(self) -> None:
        self._spans: list[tuple[float, float]] = []
        self.positions: dict[int, int] = {}

    def add(self, page: OffsetPage) -> list[Record]:
        """Record what the page proves; returns its rows not read before (each row is passed on once)."""
        fresh = [record for record, row_id in zip(page.records, page.ids, strict=True) if row_id not in self.positions]
        if not page.ids:
            if page.offset == 0:
                self._spans.append((_START, _END))  # the whole list was empty at that moment
            return fresh
        self._spans.append((_START if page.offset == 0 else page.ids[0], page.ids[-1] if page.full else _END))
        for index, row_id in enumerate(page.ids):
            self.positions[row_id] = page.offset + index
        return fresh

    def reach(self) -> float | None:
        """The highest id up to which every id is covered from the start of the list (None: start not read)."""
        reach: float | None = None
        for low, high in sorted(self._spans):
            if reach is None:
                if low != _START:
                    return None
                reach = high
            elif low <= reach + 1:  # integer ids: [a, b] and [b + 1, c] leave nothing between them
                reach = max(reach, high)
            else:
                break
        return reach

    @property
    def complete(self) -> bool:
        return self.reach() == _END


@dataclass
class CoveringWalk:
    """Reads an offset-paged, id-sorted list so that every row present throughout the walk is read, once.

    ``fetch_page(offset)`` asks for ``per_page`` rows from ``offset`` and gives the page, or a function that reads
    it from the answer: the reader threads then only wait for the server, and the answers are decoded here, while
    the next requests are already on their way. Once the first page tells the total, the planned pages are read by
    ``readers`` in parallel; gaps left by rows that moved are read one by one.
    """

    fetch_page: Callable[[int], OffsetPage | Callable[[], OffsetPage]]
    per_page: int
    readers: AdaptiveReaders
    label: str = "list"

    def pages(self) -> Iterator[list[Record]]:
        coverage = Coverage()
        first = self._checked(self.fetch_page(0))
        yield coverage.add(first)
        if coverage.complete:
            return
        step = self.per_page - 1
        total = first.total if first.total is not None else len(first.ids) + 1
        planned = list(range(step, max(total, 1), step)) if step else []
        for answer in self.readers.map(self.fetch_page, planned):
            yield coverage.add(self._checked(answer))
        yield from self._close_gaps(coverage, budget=4 * len(planned) + 16)

    def _close_gaps(self, coverage: Coverage, *, budget: int) -> Iterator[list[Record]]:
        step = max(self.per_page - 1, 1)
        back, seen_reach, extra = 0, None, 0
        while (reach := coverage.reach()) != _END:
            assert reach is not None  # the first page (offset 0) always starts the coverage
            if reach != seen_reach:
                back, seen_reach = 0, reach
            if extra >= budget:
                raise IncompleteWalkError(
                    f"{self.label}: the list kept changing while it was read; ids after {int(reach)} could not be "
                    f"confirmed read after {extra} extra page requests (the next attempt reads it again)"
                )
            offset = max(0, coverage.positions.get(int(reach), 0) - back)
            page = self._checked(self.fetch_page(offset))
            extra += 1
            yield coverage.add(page)
            if coverage.reach() != reach:
                continue
            if page.ids and page.full and page.ids[-1] <= reach:
                # Rows came in before the reach: it sits further on now; read on from this page's end.
                coverage.positions[int(reach)] = max(coverage.positions.get(int(reach), 0), offset + len(page.ids) - 1)
                back = 0
            else:
                # Rows left before the reach (the page starts past it, or the list ends before the offset):
                # look further back, twice as far each time.
                back = step if back == 0 else back * 2

    def _checked(self, answer: OffsetPage | Callable[[], OffsetPage]) -> OffsetPage:
        page = answer if isinstance(answer, OffsetPage) else answer()
        offset = page.offset
        if any(later <= earlier for earlier, later in zip(page.ids, page.ids[1:], strict=False)):
            raise UnsortedPageError(
                f"{self.label}: the page at offset {offset} is not sorted by id ({page.ids[:5]}...); the server "
                "ignored orderby=id, so a complete read cannot be proven"
            )
        return page
