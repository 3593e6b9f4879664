"""A per-tenant request budget: a fixed window of N requests, answered with 429 `RATE_LIMITED` beyond it."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sandbox.qad.timestamps import Clock


@dataclass(frozen=True)
class RateLimit:
    requests: int
    per_seconds: float

    def __post_init__(self) -> None:
        if self.requests < 1 or self.per_seconds <= 0:
            raise ValueError("a rate limit needs at least 1 request per a positive number of seconds")


class RequestBudget:
    """Counts a tenant's requests in windows that start with the first request after the previous one ended."""

    def __init__(self, clock: Clock, limit: RateLimit | None = None) -> None:
        self._clock = clock
        self.limit = limit
        self._window_end: datetime | None = None
        self._used = 0

    def set_limit(self, limit: RateLimit | None) -> None:
        self.limit = limit
        self._window_end = None
        self._used = 0

    def spend(self) -> int | None:
        """Take one request from the budget: None when allowed, else the seconds to wait (for Retry-After)."""
        if self.limit is None:
            return None
        now = self._clock()
        if self._window_end is None or now >= self._window_end:
            self._window_end = now + timedelta(seconds=self.limit.per_seconds)
            self._used = 0
        if self._used >= self.limit.requests:
            return max(1, math.ceil((self._window_end - now).total_seconds()))
        self._used += 1
        return None
