"""Coalesced wakes: a burst yields a handful of asset events, and the last events of a burst still get one."""

from __future__ import annotations

import logging

from erplink.webhooks.wake import WakeCoalescer
from tests.erplink.webhooks.support import FakeClock, ManualTimers, RecordingWaker


def coalescer(waker: RecordingWaker, clock: FakeClock, timers: ManualTimers, interval: float = 10.0) -> WakeCoalescer:
    return WakeCoalescer(waker, interval=interval, clock=clock, dispatch=lambda job: job(), schedule=timers)


def test_first_request_wakes_at_once() -> None:
    waker, clock, timers = RecordingWaker(), FakeClock(), ManualTimers()
    assert coalescer(waker, clock, timers).request("woocommerce", "shop1") == "now"
    assert waker.calls == [("woocommerce", "shop1")]


def test_thousand_deliveries_in_a_minute_give_a_handful_of_wakes() -> None:
    clock = FakeClock()
    waker, timers = RecordingWaker(), ManualTimers(clock)
    wakes = coalescer(waker, clock, timers)
    for i in range(1000):
        clock.now = 1000.0 + i * 0.06  # 1,000 deliveries spread over 60 s
        timers.fire_due()
        wakes.request("woocommerce", "shop1")
    clock.now += 10  # the quiet period after the burst ends
    timers.fire_due()
    assert 6 <= len(waker.calls) <= 8
    assert timers.pending == []  # the burst's last deliveries got their wake


def test_requests_in_the_quiet_period_share_one_trailing_wake() -> None:
    waker, clock, timers = RecordingWaker(), FakeClock(), ManualTimers()
    wakes = coalescer(waker, clock, timers)
    wakes.request("woocommerce", "shop1")
    clock.now += 3
    assert wakes.request("woocommerce", "shop1") == "deferred"
    assert timers.pending[0][0] == 7  # fires when the 10 s quiet period ends
    clock.now += 1
    assert wakes.request("woocommerce", "shop1") == "coalesced"
    assert len(timers.pending) == 1
    timers.fire_all()
    assert waker.calls == [("woocommerce", "shop1")] * 2


def test_tenants_are_coalesced_independently() -> None:
    waker, clock, timers = RecordingWaker(), FakeClock(), ManualTimers()
    wakes = coalescer(waker, clock, timers)
    assert [wakes.request("woocommerce", t) for t in ("a", "b", "a")] == ["now", "now", "deferred"]


def test_a_failing_wake_is_logged_and_counted_never_raised(caplog) -> None:
    waker, clock, timers = RecordingWaker(fail_with=RuntimeError("boom")), FakeClock(), ManualTimers()
    wakes = coalescer(waker, clock, timers)
    with caplog.at_level(logging.WARNING, logger="erplink.webhooks.wake"):
        wakes.request("woocommerce", "shop1")
    assert wakes.stats()["woocommerce/shop1"]["failed"] == 1
    assert "wake failed for woocommerce/shop1" in caplog.text


def test_a_failed_wake_logs_its_cause(caplog) -> None:
    """Before, any error but WakeError was logged as its type alone ("OperationalError"): the cause was lost."""
    from sqlalchemy.exc import OperationalError

    cause = OperationalError("SELECT 1", {}, Exception("no such table: asset\nmore detail"))
    waker, clock, timers = RecordingWaker(fail_with=cause), FakeClock(), ManualTimers()
    wakes = coalescer(waker, clock, timers)
    with caplog.at_level(logging.WARNING, logger="erplink.webhooks.wake"):
        wakes.request("woocommerce", "shop1")
    assert "OperationalError: no such table: asset" in caplog.text
    assert wakes.stats()["woocommerce/shop1"]["last_error"] == "OperationalError: no such table: asset"


def test_a_failed_wake_masks_secrets_in_its_cause(caplog) -> None:
    waker = RecordingWaker(fail_with=RuntimeError("could not connect: password=hunter2-secret host=db"))
    wakes = coalescer(waker, FakeClock(), ManualTimers())
    with caplog.at_level(logging.WARNING, logger="erplink.webhooks.wake"):
        wakes.request("woocommerce", "shop1")
    assert "RuntimeError: could not connect" in caplog.text and "hunter2-secret" not in caplog.text
