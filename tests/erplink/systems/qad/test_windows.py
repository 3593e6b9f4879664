from datetime import datetime, timezone

from erplink.systems.qad.windows import modified_since_filters


def test_a_window_start_becomes_a_ge_filter_on_its_day():
    since = datetime(2026, 1, 5, 23, 59, tzinfo=timezone.utc)
    assert modified_since_filters("so_mstr.so_mod_date", since) == ["so_mstr.so_mod_date,ge,2026-01-05,literal"]
    assert modified_since_filters("so_mstr.so_mod_date", "2026-01-04T00:00:00Z") == [
        "so_mstr.so_mod_date,ge,2026-01-04,literal"]


def test_no_start_means_no_filter():
    assert modified_since_filters("so_mstr.so_mod_date", None) == []
