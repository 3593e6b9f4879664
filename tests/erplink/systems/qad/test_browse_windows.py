"""QAD browses read in windows of their key: every row present for the whole walk is read exactly once, whatever
order QAD answers in and however the rows change between requests, at about one request per page of rows."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from erplink.paging import RepeatedPageError
from erplink.systems.qad.browse_windows import WindowedBrowseWalk, compare_keys
from erplink.systems.qad.paging import browse_filter
from tests.erplink.systems.qad.live_browse import LiveBrowse

KEY_TEXT = st.text(alphabet="aB0-_.xZ9", min_size=1, max_size=6)


@st.composite
def worlds(draw: st.DrawFn) -> tuple[list[dict[str, object]], tuple[str, ...]]:
    """Items keyed by a part number, or stock rows keyed by part and location where many locations share a part
    (ties on the first key column, more of them than a page holds)."""
    if draw(st.booleans()):
        parts = draw(st.lists(KEY_TEXT, max_size=120, unique_by=str.casefold))
        return [{"part": part, "qty": i} for i, part in enumerate(parts)], ("part",)
    parts = draw(st.lists(KEY_TEXT, min_size=1, max_size=6, unique_by=str.casefold))
    rows = []
    for part in parts:
        locations = draw(st.lists(KEY_TEXT, max_size=30, unique_by=str.casefold))
        rows += [{"part": part, "loc": loc, "qty": i} for i, loc in enumerate(locations)]
    return rows, ("part", "loc")


@settings(max_examples=300, deadline=None)
@given(
    world=worlds(),
    seed=st.integers(0, 2**16),
    in_key_order=st.booleans(),
    changes=st.integers(0, 3),
    page_size=st.integers(2, 8),
    room=st.integers(1, 4),
)
def test_every_row_present_for_the_whole_walk_is_read_exactly_once(
    world: tuple[list[dict[str, object]], tuple[str, ...]],
    seed: int,
    in_key_order: bool,
    changes: int,
    page_size: int,
    room: int,
) -> None:
    rows, key_columns = world
    browse = LiveBrowse(rows, key_columns, seed=seed, in_key_order=in_key_order, changes_per_request=changes)
    present_throughout = set(browse.rows)
    walk = WindowedBrowseWalk(
        browse.fetch, browse.count, key_columns, page_size=page_size, max_page_size=page_size * room
    )
    read = [browse.key(row) for row in walk.rows()]
    assert len(read) == len(set(read)), "a row was passed on twice"
    assert present_throughout - browse.gone <= set(read), "a row present for the whole walk was missed"
    assert set(read) <= browse.ever, "a row that never existed was read"


@settings(max_examples=100, deadline=None)
@given(seed=st.integers(0, 2**16), in_key_order=st.booleans(), changes=st.integers(0, 3))
def test_a_walk_under_a_held_filter_splits_by_the_columns_after_it(seed: int, in_key_order: bool, changes: int) -> None:
    """Stock of one site: the site is held by the caller's ``eq`` filter, and rows of other sites stay out."""
    rows = [{"site": site, "part": f"P{p:02d}", "loc": f"L{loc}", "qty": p} for site in ("10-100", "20-200")
            for p in range(15) for loc in range(4)]  # fmt: skip
    browse = LiveBrowse(
        rows, ("site", "part", "loc"), seed=seed, in_key_order=in_key_order, changes_per_request=changes
    )
    rows_at_start = set(browse.rows)
    walk = WindowedBrowseWalk(
        browse.fetch, browse.count, ("site", "part", "loc"), base_filters=[browse_filter("site", "eq", "20-200")],
        page_size=5, max_page_size=10,
    )  # fmt: skip
    read = [browse.key(row) for row in walk.rows()]
    assert {key[0] for key in read} <= {"20-200"} and len(read) == len(set(read))
    assert {k for k in browse.ever if k[0] == "20-200" and k in rows_at_start and k not in browse.gone} <= set(read)


@pytest.mark.parametrize("in_key_order", [False, True], ids=["any order", "key order"])
@pytest.mark.parametrize("rows", [150, 1_000, 5_000, 10_000])
def test_a_walk_takes_about_one_request_per_page_of_rows(rows: int, in_key_order: bool) -> None:
    browse = LiveBrowse(
        [{"part": f"SKU-{i:06d}"} for i in range(rows)], ("part",), seed=rows, in_key_order=in_key_order
    )
    read = list(WindowedBrowseWalk(browse.fetch, browse.count, ("part",), page_size=200).rows())
    pages = math.ceil(rows / 200)
    assert len(read) == rows
    assert browse.browses + browse.counts <= max(1.25 * pages, pages + 2)


def test_a_lookup_that_fits_on_a_page_is_one_request() -> None:
    browse = LiveBrowse([{"part": f"P{i}", "po": f"WC-{i % 3}"} for i in range(30)], ("part",), seed=1)
    read = list(WindowedBrowseWalk(browse.fetch, browse.count, ("part",), [browse_filter("po", "eq", "WC-1")]).rows())
    assert sorted(row["part"] for row in read) == sorted(f"P{i}" for i in range(30) if i % 3 == 1)
    assert (browse.browses, browse.counts) == (1, 0)


def test_a_browse_that_ignores_the_filters_is_stopped_instead_of_split_forever() -> None:
    everything = [{"part": f"P{i:03d}"} for i in range(50)]
    walk = WindowedBrowseWalk(lambda _filters, size: (everything[:size], True), lambda _f: 50, ("part",), page_size=5)
    with pytest.raises(RepeatedPageError):
        list(walk.rows())


def test_keys_compare_as_qad_compares_a_character_field() -> None:
    assert compare_keys("abc", "ABC") == 0
    assert compare_keys("10", "9") < 0  # text, not numbers
    assert compare_keys("A-1", "a-2") < 0
