"""The covering walk over a list that changes between requests: nothing that stays is ever skipped.

A list sorted by id is read by offset pages while rows leave it and enter it between any two requests. The
property: every row present from the first request to the last is read; nothing that was never in the list is
read; each row is passed on once. The list changes are drawn by hypothesis, so the worlds are many and random.
"""

from __future__ import annotations

import random
import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from erplink.paging.coverage import CoveringWalk, IncompleteWalkError, OffsetPage
from erplink.paging.readers import AdaptiveReaders


class ChurningList:
    """An id-sorted list; before each request, ``churn`` rows leave or enter it (drawn from ``rng``)."""

    def __init__(self, ids: list[int], *, churn: int, seed: int, enter_low: bool) -> None:
        self.rows = sorted(set(ids))
        self.ever = set(self.rows)
        self.churn = churn
        self.rng = random.Random(seed)
        self.enter_low = enter_low
        self.next_id = max(self.rows, default=0) + 1
        self.requests = 0
        self.left: set[int] = set()  # out of the list now
        self.ever_left: set[int] = set()  # out of the list at some moment of the walk
        self.lock = threading.Lock()

    def change(self) -> None:
        for _ in range(self.rng.randint(0, self.churn)):
            if self.rows and self.rng.random() < 0.6:
                gone = self.rows.pop(self.rng.randrange(len(self.rows)))
                self.left.add(gone)
                self.ever_left.add(gone)
            elif self.enter_low and self.rng.random() < 0.5 and self.left:
                back = self.rng.choice(sorted(self.left))  # a row moved back into the list (e.g. untrashed)
                self.left.discard(back)
                self.rows = sorted({*self.rows, back})
            else:
                self.rows.append(self.next_id)
                self.ever.add(self.next_id)
                self.next_id += 1

    def fetch(self, per_page: int):
        def page(offset: int) -> OffsetPage:
            with self.lock:
                self.requests += 1
                if self.requests > 1:
                    self.change()
                chunk = self.rows[offset:offset + per_page]
                return OffsetPage(offset, [{"id": i} for i in chunk], list(chunk), len(chunk) >= per_page,
                                  len(self.rows))
        return page


def walk(store: ChurningList, per_page: int, readers: int = 1) -> list[int]:
    walker = CoveringWalk(store.fetch(per_page), per_page, AdaptiveReaders(readers))
    return [record["id"] for page in walker.pages() for record in page]


@settings(max_examples=300, deadline=None)
@given(ids=st.lists(st.integers(1, 5000), max_size=400), per_page=st.integers(2, 30), churn=st.integers(0, 4),
       seed=st.integers(0, 2**32), enter_low=st.booleans())
def test_every_row_that_stays_throughout_is_read_exactly_once(ids, per_page, churn, seed, enter_low):
    """Or the walk refuses the list (never a part of it), and only one that changes by half a page or more between
    two requests: a tiny page over a list growing faster than it is read can never be proven complete."""
    store = ChurningList(ids, churn=churn, seed=seed, enter_low=enter_low)
    initial = set(store.rows)
    try:
        read = walk(store, per_page)
    except IncompleteWalkError:
        assert churn * 2 >= per_page, f"gave up on a list changing by {churn} rows a request, {per_page} a page"
        return
    stayed = initial - store.ever_left
    assert stayed <= set(read), f"skipped {sorted(stayed - set(read))[:10]}"
    assert len(read) == len(set(read)), "a row was passed on twice"
    assert set(read) <= store.ever, "a row that never existed was read"


@settings(max_examples=60, deadline=None)
@given(ids=st.lists(st.integers(1, 3000), min_size=1, max_size=300), seed=st.integers(0, 2**32))
def test_parallel_readers_keep_the_guarantee(ids, seed):
    store = ChurningList(ids, churn=2, seed=seed, enter_low=True)
    initial = set(store.rows)
    read = walk(store, per_page=7, readers=3)
    assert initial - store.ever_left <= set(read)


def test_an_unchanged_list_costs_one_request_per_page_plus_the_overlap():
    store = ChurningList(list(range(1, 2001)), churn=0, seed=1, enter_low=False)
    assert walk(store, per_page=100) == list(range(1, 2001))
    assert store.requests == 21  # offsets 0, 99, ..., 1980: ceil((2000 - 1) / 99)


def test_a_list_that_never_settles_fails_the_walk_instead_of_returning_part_of_it():
    def rows_always_gone_before_the_page(offset: int) -> OffsetPage:
        # Past the first page, every answer starts far beyond the rows read so far, as if the rows between had
        # left the list just before each request: no page ever joins the ones before it.
        ids = list(range(1, 11)) if offset == 0 else [offset * 1000 + k for k in range(10)]
        return OffsetPage(offset, [{"id": i} for i in ids], ids, True, 500)

    with pytest.raises(IncompleteWalkError, match="ids after 10 could not be confirmed"):
        list(CoveringWalk(rows_always_gone_before_the_page, 10, AdaptiveReaders(1)).pages())
