"""When and how long to wait before sending a failed request again (tenacity underneath)."""

from __future__ import annotations

import random as _random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import TypeVar

import tenacity

from erplink.http.errors import AmbiguousWriteError, TransientApiError

T = TypeVar("T")
OnRetry = Callable[[int, BaseException, float], None]


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with full jitter; a server's own wait hint wins; every delay capped at ``max_delay``.

    Only ``TransientApiError`` is retried, never ``AmbiguousWriteError``: whether a write may be re-sent is
    decided where the request is classified, and an ambiguous one must not be. Nor is an error whose
    ``retries_spent`` says an inner loop already retried it (retries nested in retries multiply).
    Time sources are injectable so tests never sleep: ``sleep`` waits, ``clock`` (monotonic) measures the
    ``max_elapsed`` budget, ``wall_clock`` turns an HTTP-date ``Retry-After`` into seconds when the response
    carries no ``Date`` header, and ``random`` draws the jitter in [0, 1).
    """

    max_attempts: int = 6
    base_delay: float = 0.5
    max_delay: float = 60.0
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    random: Callable[[], float] = _random.random
    max_elapsed: float | None = None
    wall_clock: Callable[[], float] = time.time

    def backoff(self, attempt: int) -> float:
        """Full jitter: uniform in [0, min(max_delay, base_delay * 2 ** (attempt - 1)))."""
        ceiling = min(self.max_delay, self.base_delay * 2.0 ** (attempt - 1))
        return self.random() * ceiling

    def delay(self, attempt: int, error: BaseException | None) -> float:
        """Seconds to wait after failed attempt number ``attempt`` (1-based)."""
        hint: float | None = getattr(error, "retry_after", None)
        if hint is not None:
            return min(max(hint, 0.0), self.max_delay)
        return self.backoff(attempt)

    def retry_after(self, headers: Mapping[str, str]) -> float | None:
        """The server's wait hint in seconds, from the first of the headers that carries one.

        ``Retry-After`` (seconds or HTTP-date, RFC 9110 10.2.3), ``X-Retry-After`` (seconds) and BigCommerce's
        ``X-Rate-Limit-Time-Reset-Ms`` (milliseconds left in the quota window).
        """
        value = headers.get("Retry-After")
        if value:
            seconds = _seconds(value)
            if seconds is None:
                seconds = self._until(value, headers.get("Date"))
            if seconds is not None:
                return seconds
        value = headers.get("X-Retry-After")
        if value and (seconds := _seconds(value)) is not None:
            return seconds
        value = headers.get("X-Rate-Limit-Time-Reset-Ms")
        if value and (millis := _seconds(value)) is not None:
            return millis / 1000.0
        return None

    def _until(self, http_date: str, server_date: str | None) -> float | None:
        when = _timestamp(http_date)
        if when is None:
            return None
        # Measured against the server's own Date when it sent one, so clock skew between hosts does not count.
        now = _timestamp(server_date) if server_date else None
        return max(0.0, when - (now if now is not None else self.wall_clock()))

    def call(self, attempt: Callable[[], T], *, on_retry: OnRetry | None = None) -> T:
        """Run ``attempt`` until it returns, raises something not retryable, or the budget is spent.

        The last error is re-raised as it is. ``on_retry(attempt_number, error, delay)`` runs before each wait.
        """
        started = self.clock()
        attempts_spent = tenacity.stop_after_attempt(self.max_attempts)

        def out_of_time(state: tenacity.RetryCallState) -> bool:
            if self.max_elapsed is None:
                return False
            return self.clock() - started + (state.upcoming_sleep or 0.0) > self.max_elapsed

        def budget_spent(state: tenacity.RetryCallState) -> bool:
            return attempts_spent(state) or out_of_time(state)

        def before_sleep(state: tenacity.RetryCallState) -> None:
            # Only exceptions are retried, so a failed outcome always carries one.
            error = state.outcome.exception() if state.outcome is not None else None
            if on_retry is not None and error is not None and state.next_action is not None:
                on_retry(state.attempt_number, error, state.next_action.sleep)

        retrying = tenacity.Retrying(
            stop=budget_spent,
            wait=lambda state: self.delay(state.attempt_number, state.outcome.exception() if state.outcome else None),
            retry=tenacity.retry_if_exception(_retryable),
            sleep=self.sleep,
            before_sleep=before_sleep,
            reraise=True,
        )
        return retrying(attempt)


def _retryable(error: BaseException) -> bool:
    return (
        isinstance(error, TransientApiError) and not isinstance(error, AmbiguousWriteError) and not error.retries_spent
    )


def _seconds(value: str) -> float | None:
    try:
        seconds = float(value.strip())
    except ValueError:
        return None
    return max(0.0, seconds)


def _timestamp(http_date: str) -> float | None:
    try:
        return parsedate_to_datetime(http_date).timestamp()
    except (TypeError, ValueError, IndexError):
        return None
