"""Which window an orders run reads, and when it may move the watermark."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from erplink.config.tenants import load_tenants
from erplink.flows.context import FlowContext
from erplink.integrations.qad_woocommerce.flows import ORDERS_STREAM, order_window
from erplink.ledger import AttemptContext, Ledger

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def fc(tmp_path: Path) -> FlowContext:
    ledger = Ledger(f"sqlite:///{tmp_path / 'ledger.db'}")
    ledger.migrate()
    tenant = load_tenants().get("demo")
    return FlowContext(tenant=tenant, ledger=ledger, attempt=AttemptContext(worker="test"))


def test_first_run_reaches_back_the_configured_lookback_and_may_set_the_watermark(fc: FlowContext) -> None:
    window, previous, advance = order_window(fc, params={}, data_interval_start=None, data_interval_end=None, now=NOW)
    assert previous is None and advance
    assert window.start == NOW - timedelta(days=fc.tenant.orders.initial_lookback_days)
    assert window.end < NOW  # stays behind now by the lag and the clock-skew allowance


def test_regular_runs_continue_from_the_stored_watermark_minus_the_overlap(fc: FlowContext) -> None:
    mark = NOW - timedelta(hours=3)
    fc.ledger.set_watermark("demo", "qad_woocommerce", ORDERS_STREAM, mark, ["41", "42"])
    window, previous, advance = order_window(fc, params={}, data_interval_start=None, data_interval_end=None, now=NOW)
    assert advance and previous is not None and previous.value == mark
    assert window.start == mark - timedelta(minutes=fc.tenant.orders.overlap_minutes)
    assert not window.admits(mark, "41") and window.admits(mark, "43")


def test_manual_range_and_backfill_never_move_the_watermark(fc: FlowContext) -> None:
    fc.ledger.set_watermark("demo", "qad_woocommerce", ORDERS_STREAM, NOW - timedelta(hours=1))
    manual, _, advance_manual = order_window(
        fc, params={"since": "2026-10-01T00:00:00Z", "until": "2026-10-02T00:00:00Z"},
        data_interval_start=None, data_interval_end=None, now=NOW,
    )  # fmt: skip
    assert not advance_manual
    assert (manual.start, manual.end) == (datetime(2026, 10, 1, tzinfo=timezone.utc), datetime(2026, 10, 2, tzinfo=timezone.utc))
    start, end = datetime(2026, 9, 1, 5, tzinfo=timezone.utc), datetime(2026, 9, 1, 6, tzinfo=timezone.utc)
    backfill, _, advance_backfill = order_window(fc, params={}, data_interval_start=start, data_interval_end=end,
                                                 backfill=True, now=NOW)
    assert not advance_backfill and (backfill.start, backfill.end) == (start, end)


def test_a_webhook_outage_pulls_the_window_start_back(fc: FlowContext) -> None:
    fc.ledger.set_watermark("demo", "qad_woocommerce", ORDERS_STREAM, NOW - timedelta(minutes=30))
    outage = NOW - timedelta(hours=5)
    window, _, _ = order_window(fc, params={}, data_interval_start=None, data_interval_end=None,
                                outage_since=outage.isoformat(), now=NOW)
    assert window.start == outage
