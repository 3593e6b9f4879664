"""An order whose modification stamp cannot be read is still taken in: the mapping step quarantines it."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from erplink.systems.woocommerce.extract import _modified


@pytest.mark.parametrize("stamp", [None, 1733580000, 17.5, ["2026-12-07T10:00:00"], "not a date", ""])
def test_an_unreadable_stamp_gives_no_stamp_instead_of_stopping_the_extract(stamp: object) -> None:
    assert _modified({"id": 7, "date_modified_gmt": stamp}) is None


def test_a_wordpress_gmt_stamp_reads_as_utc() -> None:
    assert _modified({"date_modified_gmt": "2026-12-07T10:00:00"}) == datetime(2026, 12, 7, 10, tzinfo=timezone.utc)
