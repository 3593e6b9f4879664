import pytest

from erplink.paging import RepeatedPageError, WooPagesPaginator
from tests.erplink.paging.responses import RecordingFetch, response, rows


def woo_store(total: int, per_page_cap: int = 100):
    def answer(params):
        page, per_page = params["page"], params["per_page"]
        assert per_page <= per_page_cap
        items = rows((page - 1) * per_page + 1, max(0, min(per_page, total - (page - 1) * per_page)))
        pages = -(-total // per_page)
        link = '<https://shop.example/wp-json/wc/v3/orders?page=99&oauth_nonce=used>; rel="next"'
        return response(items, headers={"X-WP-Total": str(total), "X-WP-TotalPages": str(pages), "Link": link})

    return RecordingFetch(answer)


def test_requests_numbered_pages_up_to_total_pages_and_never_the_link_url():
    fetch = woo_store(total=250)
    pages = list(WooPagesPaginator(per_page=100).pages(fetch))
    assert [len(p) for p in pages] == [100, 100, 50]
    assert [c["page"] for c in fetch.calls] == [1, 2, 3]
    assert all(set(c) == {"page", "per_page"} for c in fetch.calls)


def test_stops_on_an_empty_first_page():
    fetch = RecordingFetch(lambda p: response([], headers={"X-WP-Total": "0", "X-WP-TotalPages": "0"}))
    assert list(WooPagesPaginator().pages(fetch)) == []
    assert len(fetch.calls) == 1


def test_rereads_total_pages_each_page_when_the_total_shrinks_while_paging():
    """Page 1 announces 3 pages; page 2 announces 2 (documents left the filter): page 3 is never asked for."""
    totals = {1: "3", 2: "2"}
    fetch = RecordingFetch(lambda p: response(rows(p["page"] * 10, 2), headers={"X-WP-TotalPages": totals[p["page"]]}))
    pages = list(WooPagesPaginator(per_page=2).pages(fetch))
    assert len(pages) == 2
    assert [c["page"] for c in fetch.calls] == [1, 2]


def test_stops_when_the_current_page_announces_it_is_the_last():
    """Page 1 says TotalPages=1: page 2 is not requested, whatever it would have said."""
    totals = {1: "1", 2: "2"}

    def answer(p):
        return response(rows(p["page"] * 10, 2), headers={"X-WP-TotalPages": totals[p["page"]]})

    assert len(list(WooPagesPaginator(per_page=2).pages(RecordingFetch(answer)))) == 1


def test_an_empty_page_before_the_announced_end_stops_paging():
    fetch = RecordingFetch(
        lambda p: response(rows(1, 2) if p["page"] == 1 else [], headers={"X-WP-TotalPages": "5"})
    )
    assert len(list(WooPagesPaginator(per_page=2).pages(fetch))) == 1
    assert len(fetch.calls) == 2


def test_loop_guard_fires_when_the_server_ignores_the_page_parameter():
    fetch = RecordingFetch(lambda p: response(rows(1, 2), headers={"X-WP-TotalPages": "9"}))
    with pytest.raises(RepeatedPageError, match="page 2 repeats page 1"):
        list(WooPagesPaginator(per_page=2).pages(fetch))


def test_streams_one_page_per_request():
    """The next page is only requested when the consumer asks for it."""
    fetch = woo_store(total=300)
    stream = WooPagesPaginator().pages(fetch)
    next(stream)
    assert len(fetch.calls) == 1


def test_rejects_a_per_page_woocommerce_would_refuse():
    with pytest.raises(ValueError, match="between 1 and 100"):
        WooPagesPaginator(per_page=101)
