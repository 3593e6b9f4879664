"""An order whose modification stamp or id cannot be read is still taken in (the mapping step quarantines it), and
counts for nothing in the next watermark."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from erplink.systems.woocommerce.extract import _mark_id, _modified


@pytest.mark.parametrize("stamp", [None, 1733580000, 17.5, ["2026-12-07T10:00:00"], "not a date", ""])
def test_an_unreadable_stamp_gives_no_stamp_instead_of_stopping_the_extract(stamp: object) -> None:
    assert _modified({"id": 7, "date_modified_gmt": stamp}) is None


def test_a_wordpress_gmt_stamp_reads_as_utc() -> None:
    assert _modified({"date_modified_gmt": "2026-12-07T10:00:00"}) == datetime(2026, 12, 7, 10, tzinfo=timezone.utc)


@pytest.mark.parametrize("order_id, mark", [(42, 42), (True, None), (False, None), ("42", None), (None, None)])
def test_only_an_integer_id_marks_the_watermark_and_json_true_is_no_id(order_id: object, mark: object) -> None:
    assert _mark_id({"id": order_id}) == mark
