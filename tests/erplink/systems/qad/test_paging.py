"""QAD browse pages: `first`, then the configured next action; `HasMoreParams` as text; QAD's filter syntax."""

import pytest

from erplink.paging import RepeatedPageError
from erplink.systems.qad.paging import QadBrowsePaginator, browse_filter, has_more
from tests.erplink.paging.responses import RecordingFetch, response


def browse(total: int, *, flag=lambda more: "true" if more else "false"):
    def answer(p):
        start = (p["page"] - 1) * p["pageSize"]
        rows = [{"pt_mstr.pt_part": f"I{i}"} for i in range(start, min(total, start + p["pageSize"]))]
        return response({"data": rows, "auxillaryData": {"HasMoreParams": flag(start + p["pageSize"] < total)}})

    return RecordingFetch(answer)


def test_walks_pages_with_first_then_next_until_has_more_says_false():
    fetch = browse(total=12)
    assert [len(p) for p in QadBrowsePaginator(page_size=5).pages(fetch)] == [5, 5, 2]
    assert [(c["page"], c["pageAction"]) for c in fetch.calls] == [(1, "first"), (2, "next"), (3, "next")]


def test_the_next_page_action_is_configurable():
    fetch = browse(total=6)
    list(QadBrowsePaginator(page_size=5, next_page_action="nextPage").pages(fetch))
    assert [c["pageAction"] for c in fetch.calls] == ["first", "nextPage"]


@pytest.mark.parametrize("flag, more", [("true", True), ("TRUE", True), (True, True), ("false", False), (None, False)])
def test_has_more_reads_qads_text_flag(flag, more):
    assert has_more({"auxillaryData": {"HasMoreParams": flag}}) is more


def test_a_browse_that_keeps_answering_the_same_page_is_stopped():
    fetch = RecordingFetch(lambda p: response({"data": [{"a": 1}], "auxillaryData": {"HasMoreParams": "true"}}))
    with pytest.raises(RepeatedPageError):
        list(QadBrowsePaginator(page_size=1).pages(fetch))


def test_filters_are_written_in_qads_syntax_and_a_comma_or_unknown_operator_is_refused():
    assert browse_filter("so_mstr.so_po", "eq", "WC-shop-1042") == "so_mstr.so_po,eq,WC-shop-1042,literal"
    with pytest.raises(ValueError, match="comma"):
        browse_filter("ad_mstr.ad_email", "eq", "a,b@example.org")
    with pytest.raises(ValueError, match="operator"):
        browse_filter("pt_mstr.pt_part", "like", "X")
