from datetime import datetime, timedelta, timezone

import pytest

from erplink.windows import (
    Watermark,
    Window,
    WindowPolicy,
    field_id,
    field_timestamp,
    next_watermark,
    parse_timestamp,
    window_for_run,
)

UTC = timezone.utc
NOW = datetime(2026, 1, 5, 12, 0, 0, tzinfo=UTC)
POLICY = WindowPolicy(overlap=timedelta(minutes=2), lag=timedelta(seconds=30), clock_skew=timedelta(seconds=30))
woo_modified = field_timestamp("date_modified_gmt")
woo_id = field_id("id")


def order(id_: int, modified: str) -> dict:
    return {"id": id_, "date_modified_gmt": modified}


def test_parse_timestamp_reads_every_format_the_systems_send_as_utc():
    expected = datetime(2018, 12, 5, 20, 16, 55, tzinfo=UTC)
    assert parse_timestamp("2018-12-05T20:16:55") == expected  # Woo *_gmt, naive
    assert parse_timestamp("2018-12-05T20:16:55Z") == expected  # QAD
    assert parse_timestamp("2018-12-05 20:16:55") == expected  # Magento
    assert parse_timestamp("2018-12-05T21:16:55+01:00") == expected  # Acumatica offset
    assert parse_timestamp("Wed, 05 Dec 2018 20:16:55 +0000") == expected  # BigCommerce v2
    assert parse_timestamp("Wed, 05 Dec 2018 15:16:55 -0500") == expected


def test_incremental_window_starts_overlap_before_the_watermark_and_ends_lag_plus_skew_before_now():
    previous = Watermark(datetime(2026, 1, 5, 11, 0, tzinfo=UTC), frozenset({"7"}))
    window = window_for_run(now=NOW, policy=POLICY, previous=previous)
    assert window.start == datetime(2026, 1, 5, 10, 58, tzinfo=UTC)
    assert window.end == datetime(2026, 1, 5, 11, 59, tzinfo=UTC)
    assert window.boundary == previous


def test_first_run_without_watermark_uses_the_data_interval():
    window = window_for_run(
        now=NOW,
        policy=POLICY,
        data_interval_start=datetime(2026, 1, 4, tzinfo=UTC),
        data_interval_end=datetime(2026, 1, 5, tzinfo=UTC),
    )
    assert (window.start, window.end, window.boundary) == (
        datetime(2026, 1, 4, tzinfo=UTC),
        datetime(2026, 1, 5, tzinfo=UTC),
        None,
    )


def test_data_interval_reaching_into_the_lag_is_capped():
    window = window_for_run(
        now=NOW, policy=POLICY, data_interval_start=NOW - timedelta(hours=1), data_interval_end=NOW
    )
    assert window.end == NOW - POLICY.delay


def test_manual_since_until_params_win_over_the_watermark():
    previous = Watermark(datetime(2026, 1, 5, 11, 0, tzinfo=UTC))
    window = window_for_run(
        now=NOW, policy=POLICY, previous=previous, since="2025-12-01T00:00:00Z", until="2025-12-02T00:00:00+00:00"
    )
    assert window.start == datetime(2025, 12, 1, tzinfo=UTC)
    assert window.end == datetime(2025, 12, 2, tzinfo=UTC)
    assert window.boundary is None


def test_a_watermark_ahead_of_now_gives_an_empty_window_not_an_inverted_one():
    previous = Watermark(NOW + timedelta(hours=1))
    window = window_for_run(now=NOW, policy=POLICY, previous=previous)
    assert window.start == window.end
    assert not window.admits(window.end - timedelta(seconds=1), "1")


def test_boundary_records_are_neither_skipped_nor_doubled_across_runs():
    """Run 1 reads ids 1,2 at 10:00:05; id 3 lands at the same second later. Run 2 takes 3 only."""
    run1 = [order(1, "2026-01-05T10:00:04"), order(2, "2026-01-05T10:00:05"), order(4, "2026-01-05T10:00:05")]
    mark1 = next_watermark(run1, modified=woo_modified, record_id=woo_id)
    assert mark1 == Watermark(datetime(2026, 1, 5, 10, 0, 5, tzinfo=UTC), frozenset({"2", "4"}))

    window = window_for_run(now=NOW, policy=WindowPolicy(overlap=timedelta(0)), previous=mark1)
    api_returns = [order(2, "2026-01-05T10:00:05"), order(3, "2026-01-05T10:00:05"), order(4, "2026-01-05T10:00:05")]
    admitted = [r for r in api_returns if window.admits(woo_modified(r), woo_id(r))]
    assert [r["id"] for r in admitted] == [3]

    mark2 = next_watermark(admitted, modified=woo_modified, record_id=woo_id, previous=mark1)
    assert mark2.boundary_ids == {"2", "3", "4"}, "ids dropped at the same second stay taken"


def test_an_update_after_the_boundary_second_is_admitted_again():
    mark = Watermark(datetime(2026, 1, 5, 10, 0, 5, tzinfo=UTC), frozenset({"2"}))
    window = Window(mark.value, NOW, boundary=mark)
    assert window.admits(datetime(2026, 1, 5, 10, 0, 6, tzinfo=UTC), "2")


def test_records_at_or_after_the_window_end_wait_for_the_next_run():
    window = Window(None, NOW)
    assert window.admits(NOW - timedelta(microseconds=1), "1")
    assert not window.admits(NOW, "1")


def test_next_watermark_without_records_keeps_the_previous_one():
    previous = Watermark(datetime(2026, 1, 1, tzinfo=UTC), frozenset({"9"}))
    assert next_watermark([], modified=woo_modified, record_id=woo_id, previous=previous) is previous
    assert next_watermark([], modified=woo_modified, record_id=woo_id) is None


def test_next_watermark_never_moves_backwards():
    previous = Watermark(datetime(2026, 1, 5, 11, tzinfo=UTC))
    older = [order(1, "2026-01-05T10:00:00")]
    assert next_watermark(older, modified=woo_modified, record_id=woo_id, previous=previous) is previous


def test_watermark_round_trips_through_its_xcom_form():
    mark = Watermark(datetime(2026, 1, 5, 10, 0, 5, tzinfo=UTC), frozenset({"b", "a"}))
    assert mark.to_dict() == {"value": "2026-01-05T10:00:05+00:00", "boundary_ids": ["a", "b"]}
    assert Watermark.from_dict(mark.to_dict()) == mark
    assert Watermark.from_dict(None) is None


def test_acumatica_wrapped_fields_are_read():
    record = {"id": "g1", "LastModifiedDateTime": {"value": "2026-01-05T10:00:00+00:00"}, "InventoryID": {"value": "A"}}
    assert field_timestamp("LastModifiedDateTime")(record) == datetime(2026, 1, 5, 10, tzinfo=UTC)
    assert field_id("InventoryID")(record) == "A"


def test_negative_policy_values_are_refused():
    with pytest.raises(ValueError, match="overlap"):
        WindowPolicy(overlap=timedelta(seconds=-1))
