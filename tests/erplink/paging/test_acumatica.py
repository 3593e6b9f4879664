import pytest

from erplink.paging import AcumaticaPaginator, RepeatedPageError
from tests.erplink.paging.responses import RecordingFetch, response


def wrapped(start: int, count: int):
    return [{"id": f"guid-{i}", "InventoryID": {"value": f"SKU{i}"}} for i in range(start, start + count)]


def test_advances_skip_by_top_until_a_short_page():
    data = wrapped(0, 7)
    fetch = RecordingFetch(lambda p: response(data[p["$skip"] : p["$skip"] + p["$top"]]))
    pages = list(AcumaticaPaginator(top=3).pages(fetch))
    assert [len(p) for p in pages] == [3, 3, 1]
    assert [c["$skip"] for c in fetch.calls] == [0, 3, 6]


def test_an_exact_multiple_ends_with_one_empty_request():
    data = wrapped(0, 6)
    fetch = RecordingFetch(lambda p: response(data[p["$skip"] : p["$skip"] + p["$top"]]))
    assert [len(p) for p in AcumaticaPaginator(top=3).pages(fetch)] == [3, 3]
    assert len(fetch.calls) == 3


def test_loop_guard_fires_when_skip_is_ignored():
    with pytest.raises(RepeatedPageError):
        list(AcumaticaPaginator(top=2).pages(RecordingFetch(lambda p: response(wrapped(0, 2)))))
