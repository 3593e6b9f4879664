"""The WooCommerce list walk: id order, overlapping offsets, the store's total, and what it refuses."""

import pytest

from erplink.paging import AdaptiveReaders, UnsortedPageError
from erplink.systems.woocommerce.paging import WooIdWalk
from tests.erplink.paging.responses import RecordingFetch, response, rows


def id_sorted_store(ids: list[int]):
    def answer(params):
        assert params["orderby"] == "id" and params["order"] == "asc"
        offset, per_page = params["offset"], params["per_page"]
        return response([{"id": i} for i in ids[offset:offset + per_page]], headers={"X-WP-Total": str(len(ids))})

    return RecordingFetch(answer)


def read_ids(walk: WooIdWalk, fetch) -> list[int]:
    return [record["id"] for page in walk.pages(fetch) for record in page]


def test_reads_every_row_once_with_pages_one_row_apart():
    fetch = id_sorted_store(list(range(1, 251)))
    assert read_ids(WooIdWalk(per_page=100), fetch) == list(range(1, 251))
    assert [c["offset"] for c in fetch.calls] == [0, 99, 198]
    assert all(c["per_page"] == 100 for c in fetch.calls)


def test_an_empty_list_takes_one_request():
    fetch = id_sorted_store([])
    assert read_ids(WooIdWalk(), fetch) == []
    assert len(fetch.calls) == 1


def test_parallel_readers_read_the_same_rows():
    fetch = id_sorted_store(list(range(1, 1001)))
    assert sorted(read_ids(WooIdWalk(per_page=10, readers=AdaptiveReaders(4)), fetch)) == list(range(1, 1001))


def test_a_store_that_ignores_orderby_id_is_refused_rather_than_trusted():
    fetch = RecordingFetch(lambda p: response(rows(1, 3)[::-1], headers={"X-WP-Total": "3"}))
    with pytest.raises(UnsortedPageError, match="not sorted by id"):
        read_ids(WooIdWalk(per_page=10), fetch)


def test_a_row_without_an_integer_id_stops_the_walk_with_the_offset_named():
    fetch = RecordingFetch(lambda p: response([{"id": 1}, {"number": "2"}], headers={"X-WP-Total": "2"}))
    with pytest.raises(ValueError, match="offset 0 has no integer id"):
        read_ids(WooIdWalk(per_page=10), fetch)


def test_page_size_is_bounded_by_the_api_limit():
    with pytest.raises(ValueError):
        WooIdWalk(per_page=101)
