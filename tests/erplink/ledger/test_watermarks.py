"""Watermarks round-trip per (tenant, integration, stream)."""

from __future__ import annotations

from datetime import timedelta, timezone

import pendulum

from erplink.ledger import Ledger
from tests.erplink.ledger.helpers import T0, FakeClock


def test_a_watermark_round_trips_with_its_boundary_ids(ledger: Ledger, clock: FakeClock) -> None:
    assert ledger.get_watermark("shop1", "qad_woo", "orders") is None
    ledger.set_watermark("shop1", "qad_woo", "orders", T0, boundary_ids=[1041, "1042"])
    mark = ledger.get_watermark("shop1", "qad_woo", "orders")
    assert mark is not None
    assert (mark.value, mark.boundary_ids, mark.updated_at) == (T0, ("1041", "1042"), clock())
    assert mark.value.tzinfo == timezone.utc


def test_setting_again_replaces_the_value_and_streams_are_separate(ledger: Ledger) -> None:
    ledger.set_watermark("shop1", "qad_woo", "orders", T0)
    ledger.set_watermark("shop1", "qad_woo", "refunds", T0 - timedelta(days=1))
    ledger.set_watermark("shop1", "qad_woo", "orders", T0 + timedelta(hours=1), boundary_ids=["7"])
    assert ledger.get_watermark("shop1", "qad_woo", "orders")[:2] == (T0 + timedelta(hours=1), ("7",))
    assert ledger.get_watermark("shop1", "qad_woo", "refunds").value == T0 - timedelta(days=1)
    assert ledger.get_watermark("shop2", "qad_woo", "orders") is None


def test_pendulum_datetimes_from_airflow_data_intervals_are_accepted(ledger: Ledger) -> None:
    interval_end = pendulum.datetime(2026, 3, 1, 13, 0, tz="Europe/Amsterdam")
    ledger.set_watermark("shop1", "qad_woo", "orders", interval_end)
    assert ledger.get_watermark("shop1", "qad_woo", "orders").value == interval_end
