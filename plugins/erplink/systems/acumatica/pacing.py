"""A per-minute request cap kept by the client itself: Acumatica's licence may cap requests per minute and answers
429 beyond it, without ``Retry-After``. Waiting before a request costs less than a refused one and its backoff."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

WINDOW_S = 60.0


class MinutePacer:
    """Lets at most ``per_minute`` requests start in any 60-second span (shared by every thread of one hook)."""

    def __init__(
        self,
        per_minute: int | None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if per_minute is not None and per_minute < 1:
            raise ValueError(f"requests per minute must be at least 1, got {per_minute}")
        self.per_minute = per_minute
        self._clock = clock
        self._sleep = sleep
        self._started: deque[float] = deque()
        self._lock = threading.Lock()

    def wait(self) -> float:
        """Block until a request may start; returns the seconds waited."""
        if self.per_minute is None:
            return 0.0
        waited = 0.0
        while True:
            with self._lock:
                now = self._clock()
                while self._started and now - self._started[0] >= WINDOW_S:
                    self._started.popleft()
                if len(self._started) < self.per_minute:
                    self._started.append(now)
                    return waited
                delay = WINDOW_S - (now - self._started[0])
            self._sleep(delay)
            waited += delay
