"""RetryPolicy: backoff bounds, server wait hints, and which errors are retried."""

from __future__ import annotations

from email.utils import format_datetime
from datetime import datetime, timezone

import pytest

from erplink.http.errors import AmbiguousWriteError, PermanentApiError, TransientApiError
from erplink.http.retry import RetryPolicy
from tests.erplink.http.scripted import Sleeps


def transient(retry_after: float | None = None) -> TransientApiError:
    return TransientApiError(system="t", method="GET", url="https://x/y", status=503, retry_after=retry_after)


def test_full_jitter_spans_zero_to_the_exponential_ceiling() -> None:
    low = RetryPolicy(base_delay=0.5, max_delay=60.0, random=lambda: 0.0)
    high = RetryPolicy(base_delay=0.5, max_delay=60.0, random=lambda: 0.999999)
    assert [low.backoff(n) for n in (1, 2, 3)] == [0.0, 0.0, 0.0]
    assert [round(high.backoff(n), 4) for n in (1, 2, 3, 4)] == [0.5, 1.0, 2.0, 4.0]
    assert all(high.backoff(n) < 0.5 * 2 ** (n - 1) for n in range(1, 6))


def test_backoff_ceiling_is_capped_at_max_delay() -> None:
    policy = RetryPolicy(base_delay=0.5, max_delay=10.0, random=lambda: 0.999999)
    assert policy.backoff(12) == pytest.approx(10.0, rel=1e-5)


def test_jitter_scales_the_ceiling_by_the_random_draw() -> None:
    policy = RetryPolicy(base_delay=1.0, max_delay=60.0, random=lambda: 0.25)
    assert policy.backoff(4) == pytest.approx(2.0)  # 0.25 * 1.0 * 2**3


def test_server_hint_replaces_jitter_and_is_capped() -> None:
    policy = RetryPolicy(max_delay=30.0, random=lambda: 0.5)
    assert policy.delay(1, transient(retry_after=7.0)) == 7.0
    assert policy.delay(1, transient(retry_after=600.0)) == 30.0
    assert policy.delay(3, transient()) == pytest.approx(0.5 * 0.5 * 4)


def test_retry_after_seconds() -> None:
    assert RetryPolicy().retry_after({"Retry-After": "12"}) == 12.0


def test_retry_after_http_date_is_measured_against_the_servers_date_header() -> None:
    sent = datetime(2025, 3, 1, 12, 0, 0, tzinfo=timezone.utc)
    later = datetime(2025, 3, 1, 12, 0, 45, tzinfo=timezone.utc)
    policy = RetryPolicy(wall_clock=lambda: 0.0)  # would give decades if it were used
    headers = {"Retry-After": format_datetime(later, usegmt=True), "Date": format_datetime(sent, usegmt=True)}
    assert policy.retry_after(headers) == 45.0


def test_retry_after_http_date_without_date_header_uses_the_wall_clock() -> None:
    later = datetime(2025, 3, 1, 12, 0, 30, tzinfo=timezone.utc)
    now = datetime(2025, 3, 1, 12, 0, 0, tzinfo=timezone.utc).timestamp()
    policy = RetryPolicy(wall_clock=lambda: now)
    assert policy.retry_after({"Retry-After": format_datetime(later, usegmt=True)}) == 30.0


def test_retry_after_in_the_past_means_no_wait() -> None:
    past = datetime(2000, 1, 1, tzinfo=timezone.utc)
    assert RetryPolicy().retry_after({"Retry-After": format_datetime(past, usegmt=True)}) == 0.0


def test_x_retry_after_and_bigcommerce_reset_header() -> None:
    policy = RetryPolicy()
    assert policy.retry_after({"X-Retry-After": "3"}) == 3.0
    assert policy.retry_after({"X-Rate-Limit-Time-Reset-Ms": "1500"}) == 1.5
    # Retry-After wins over the others when several are present.
    assert policy.retry_after({"Retry-After": "2", "X-Rate-Limit-Time-Reset-Ms": "9000"}) == 2.0


def test_unreadable_hints_are_ignored() -> None:
    assert RetryPolicy().retry_after({"Retry-After": "soon"}) is None
    assert RetryPolicy().retry_after({}) is None


def test_call_retries_transient_errors_until_success_sleeping_the_chosen_delays() -> None:
    sleeps = Sleeps()
    policy = RetryPolicy(sleep=sleeps, random=lambda: 0.5, base_delay=1.0)
    outcomes = [transient(), transient(retry_after=4.0), "ok"]
    seen: list[tuple[int, float]] = []

    def attempt() -> str:
        outcome = outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    assert policy.call(attempt, on_retry=lambda n, e, d: seen.append((n, d))) == "ok"
    assert sleeps == [0.5, 4.0]
    assert seen == [(1, 0.5), (2, 4.0)]


def test_call_gives_up_after_max_attempts_and_reraises_the_last_error() -> None:
    sleeps = Sleeps()
    policy = RetryPolicy(max_attempts=3, sleep=sleeps, random=lambda: 0.0)
    calls = []

    def attempt() -> None:
        calls.append(1)
        raise transient()

    with pytest.raises(TransientApiError):
        policy.call(attempt)
    assert len(calls) == 3
    assert len(sleeps) == 2


@pytest.mark.parametrize("error", [
    AmbiguousWriteError(system="t", method="POST", url="u", status=500),
    PermanentApiError(system="t", method="GET", url="u", status=400),
    ValueError("a bug"),
])
def test_call_does_not_retry_ambiguous_permanent_or_foreign_errors(error: Exception) -> None:
    sleeps = Sleeps()
    calls = []

    def attempt() -> None:
        calls.append(1)
        raise error

    with pytest.raises(type(error)):
        RetryPolicy(sleep=sleeps).call(attempt)
    assert calls == [1]
    assert sleeps == []


def test_max_elapsed_stops_before_a_wait_that_would_overrun_the_budget() -> None:
    now = [0.0]
    sleeps = Sleeps()

    def sleep(seconds: float) -> None:
        sleeps(seconds)
        now[0] += seconds

    policy = RetryPolicy(max_attempts=10, sleep=sleep, clock=lambda: now[0], random=lambda: 0.0, max_elapsed=25.0)
    calls = []

    def attempt() -> None:
        calls.append(1)
        raise transient(retry_after=10.0)

    with pytest.raises(TransientApiError):
        policy.call(attempt)
    # 10 s + 10 s fit in 25 s; a third wait would end at 30 s.
    assert sleeps == [10.0, 10.0]
    assert len(calls) == 3
