import pytest

from erplink.paging import RepeatedPageError
from erplink.systems.bigcommerce.paging import BigCommerceV2Paginator, BigCommerceV3Paginator
from tests.erplink.paging.responses import RecordingFetch, response, rows


def test_v2_stops_on_a_short_page():
    fetch = RecordingFetch(lambda p: response(rows(p["page"] * 100, 3 if p["page"] < 3 else 1)))
    pages = list(BigCommerceV2Paginator(limit=3).pages(fetch))
    assert [len(p) for p in pages] == [3, 3, 1]
    assert [c["page"] for c in fetch.calls] == [1, 2, 3]


def test_v2_stops_on_204_no_content_after_a_full_page():
    fetch = RecordingFetch(lambda p: response(rows(1, 3)) if p["page"] == 1 else response(status=204))
    assert [len(p) for p in BigCommerceV2Paginator(limit=3).pages(fetch)] == [3]
    assert len(fetch.calls) == 2


def test_v2_loop_guard_fires_on_a_repeated_full_page():
    with pytest.raises(RepeatedPageError):
        list(BigCommerceV2Paginator(limit=2).pages(RecordingFetch(lambda p: response(rows(1, 2)))))


def v3_page(page: int, total_pages: int, count: int = 2):
    return response(
        {"data": rows(page * 10, count), "meta": {"pagination": {"current_page": page, "total_pages": total_pages}}}
    )


def test_v3_walks_until_current_page_reaches_total_pages():
    fetch = RecordingFetch(lambda p: v3_page(p["page"], total_pages=3))
    assert len(list(BigCommerceV3Paginator(limit=2).pages(fetch))) == 3
    assert [c["page"] for c in fetch.calls] == [1, 2, 3]


def test_v3_stops_on_an_empty_data_list():
    fetch = RecordingFetch(lambda p: response({"data": [], "meta": {"pagination": {"total_pages": 0}}}))
    assert list(BigCommerceV3Paginator().pages(fetch)) == []


def test_v3_loop_guard_fires_when_pages_repeat():
    fetch = RecordingFetch(
        lambda p: response({"data": rows(1, 2), "meta": {"pagination": {"current_page": p["page"], "total_pages": 5}}})
    )
    with pytest.raises(RepeatedPageError):
        list(BigCommerceV3Paginator(limit=2).pages(fetch))
