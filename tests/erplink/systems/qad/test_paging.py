import pytest

from erplink.paging import RepeatedPageError
from erplink.systems.qad.paging import QadOffsetPaginator
from erplink.paging.base import LoopGuard
from tests.erplink.paging.responses import RecordingFetch, response


def qad_list(total: int):
    def answer(p):
        data = [{"itemNumber": f"I{i}"} for i in range(p["offset"], min(total, p["offset"] + p["limit"]))]
        return response({"data": data, "pagination": {"offset": p["offset"], "limit": p["limit"], "total": total}})

    return RecordingFetch(answer)


def test_stops_when_offset_reaches_pagination_total():
    fetch = qad_list(total=10)
    assert [len(p) for p in QadOffsetPaginator(limit=5, id_field="itemNumber").pages(fetch)] == [5, 5]
    assert [c["offset"] for c in fetch.calls] == [0, 5]


def test_stops_on_a_short_page_even_if_total_claims_more():
    fetch = RecordingFetch(
        lambda p: response({"data": [{"itemNumber": "A"}], "pagination": {"total": 50}})
    )
    assert len(list(QadOffsetPaginator(limit=5).pages(fetch))) == 1


def test_loop_guard_uses_whole_documents_when_records_have_no_id_field():
    fetch = RecordingFetch(
        lambda p: response({"data": [{"itemNumber": "A"}, {"itemNumber": "B"}], "pagination": {"total": 9}})
    )
    with pytest.raises(RepeatedPageError):
        list(QadOffsetPaginator(limit=2).pages(fetch))


def test_limit_outside_the_documented_range_is_refused():
    with pytest.raises(ValueError, match="between 1 and 500"):
        QadOffsetPaginator(limit=501)


def test_loop_guard_tells_apart_pages_that_share_some_records():
    guard = LoopGuard("x")
    guard.check([{"id": 1}, {"id": 2}], 1)
    guard.check([{"id": 2}, {"id": 3}], 2)
    with pytest.raises(RepeatedPageError):
        guard.check([{"id": 1}, {"id": 2}], 3)
