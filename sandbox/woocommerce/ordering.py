"""Row order as the store's database gives it: sorted by the ORDER BY column alone, ties in no fixed order.

WooCommerce on HPOS sorts `orderby=modified` and `orderby=date` by that column only (no id tie-breaker), and
MariaDB returns rows that share the value in a different order for each `LIMIT/OFFSET` query. A client that
pages through such a sort repeats some rows and never sees others. The sandbox does the same on every list:
each request draws a fresh order of every tied group it touches, from a seeded generator, so a failing test can
be replayed with the same seed. `orderby=id` (and `include`) have no ties, so they stay stable.
"""

from __future__ import annotations

import bisect
import random
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Ranking:
    """Ids in sort order, kept as groups of ids that share their sort key (a group of one has no tie)."""

    groups: tuple[tuple[int, ...], ...]
    starts: tuple[int, ...]  # the position of each group's first row
    total: int

    @classmethod
    def of(cls, rows: Iterable[Any], key: Callable[[Any], Hashable], *, reverse: bool = False,
           ident: Callable[[Any], int] = lambda row: row["id"]) -> Ranking:
        """Rank ``rows`` by ``key`` alone; rows with equal keys form one tied group."""
        keyed = sorted(((key(row), ident(row)) for row in rows), key=lambda pair: pair[0], reverse=reverse)
        groups: list[tuple[int, ...]] = []
        current: list[int] = []
        last: Any = object()
        for value, row_id in keyed:
            if current and value != last:
                groups.append(tuple(current))
                current = []
            current.append(row_id)
            last = value
        if current:
            groups.append(tuple(current))
        return cls.from_groups(groups)

    @classmethod
    def unique(cls, ids: Iterable[int]) -> Ranking:
        """An order with no ties (by id, or by the position in an ``include`` list)."""
        return cls.from_groups([(row_id,) for row_id in ids])

    @classmethod
    def from_groups(cls, groups: list[tuple[int, ...]]) -> Ranking:
        starts, position = [], 0
        for group in groups:
            starts.append(position)
            position += len(group)
        return cls(tuple(groups), tuple(starts), position)

    def __len__(self) -> int:
        return self.total

    def window(self, start: int, stop: int, rng: random.Random | None) -> list[int]:
        """The ids at positions ``[start, stop)``, each tied group touched drawn in a new order from ``rng``."""
        stop = min(stop, self.total)
        if start >= stop:
            return []
        found: list[int] = []
        index = bisect.bisect_right(self.starts, start) - 1
        while index < len(self.groups) and self.starts[index] < stop:
            group, first = self.groups[index], self.starts[index]
            if len(group) > 1 and rng is not None:
                group = tuple(rng.sample(group, len(group)))
            found.extend(group[max(start - first, 0):stop - first])
            index += 1
        return found

    def ids(self) -> list[int]:
        """Every id in one fixed order (ties in the order they were ranked), for callers that need no paging."""
        return [row_id for group in self.groups for row_id in group]
