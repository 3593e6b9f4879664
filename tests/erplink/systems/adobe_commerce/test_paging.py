import pytest

from erplink.paging import RepeatedPageError
from erplink.systems.adobe_commerce.paging import MagentoPaginator
from tests.erplink.paging.responses import RecordingFetch, response, rows


def magento_collection(total: int):
    """Like Magento's Data\\Collection: a currentPage past the end is clamped to the last page."""

    def answer(p):
        size = p["searchCriteria[pageSize]"]
        last = max(1, -(-total // size))
        page = min(p["searchCriteria[currentPage]"], last)
        start = (page - 1) * size
        items = rows(start + 1, max(0, min(size, total - start)), key="entity_id")
        return response({"items": items, "search_criteria": {}, "total_count": total})

    return RecordingFetch(answer)


def test_stops_at_total_count_without_asking_past_the_end():
    fetch = magento_collection(total=45)
    pages = list(MagentoPaginator(page_size=20).pages(fetch))
    assert [len(p) for p in pages] == [20, 20, 5]
    assert [c["searchCriteria[currentPage]"] for c in fetch.calls] == [1, 2, 3]


def test_exact_multiple_of_page_size_does_not_fetch_the_repeated_last_page():
    fetch = magento_collection(total=40)
    assert [len(p) for p in MagentoPaginator(page_size=20).pages(fetch)] == [20, 20]
    assert len(fetch.calls) == 2


def test_loop_guard_catches_the_clamped_last_page_when_total_count_overstates():
    """total_count says 100 but only 30 exist: the clamped page 3 == page 2 must raise, not loop."""

    def answer(p):
        page = min(p["searchCriteria[currentPage]"], 2)
        return response({"items": rows(page * 100, 15, key="entity_id"), "total_count": 100})

    with pytest.raises(RepeatedPageError, match="page 3 repeats page 2"):
        list(MagentoPaginator(page_size=15).pages(RecordingFetch(answer)))


def test_empty_result_yields_nothing():
    fetch = RecordingFetch(lambda p: response({"items": [], "total_count": 0}))
    assert list(MagentoPaginator().pages(fetch)) == []


@pytest.mark.parametrize("envelope", [{}, {"total_count": None}, {"total_count": "many"}, {"total_count": -1}],
                         ids=["absent", "null", "not-a-number", "negative"])
def test_records_without_a_usable_total_count_raise_instead_of_stopping_after_page_one(envelope):
    """A missing total once read as 0: page 1 came back and the other pages were silently never asked for."""
    from erplink.systems.adobe_commerce.paging import MissingTotalCountError

    fetch = RecordingFetch(lambda p: response({"items": rows(p["searchCriteria[currentPage]"] * 10, 10,
                                                             key="entity_id"), **envelope}))
    with pytest.raises(MissingTotalCountError, match="page 1 has records but"):
        list(MagentoPaginator(page_size=10).pages(fetch))
    assert len(fetch.calls) == 1


def test_a_total_count_sent_as_a_numeric_string_is_honoured():
    fetch = RecordingFetch(lambda p: response({"items": rows(p["searchCriteria[currentPage]"] * 10, 10 if
                                                             p["searchCriteria[currentPage]"] < 2 else 5,
                                                             key="entity_id"), "total_count": "15"}))
    assert [len(p) for p in MagentoPaginator(page_size=10).pages(fetch)] == [10, 5]
