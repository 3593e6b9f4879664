"""The per-store request quota: one window of `window_ms` at a time, shared by every caller of the store
(api-rate-limits.mdx), and the four headers every answer carries."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta


class StoreQuota:
    def __init__(self, quota: int, window_ms: int) -> None:
        if quota < 1 or window_ms < 1:
            raise ValueError("the quota and the window must be positive")
        self._lock = threading.Lock()
        self.quota, self.window = quota, timedelta(milliseconds=window_ms)
        self._start: datetime | None = None
        self._used = 0

    def _roll(self, now: datetime) -> None:
        if self._start is None or now - self._start >= self.window:
            self._start, self._used = now, 0

    def spend(self, now: datetime) -> bool:
        """Count one request; False when the window's quota is used up (the request is then refused)."""
        with self._lock:
            self._roll(now)
            if self._used >= self.quota:
                return False
            self._used += 1
            return True

    def headers(self, now: datetime) -> dict[str, str]:
        with self._lock:
            self._roll(now)
            assert self._start is not None
            left_ms = max(0, int((self._start + self.window - now).total_seconds() * 1000))
            return {
                "X-Rate-Limit-Time-Window-Ms": str(int(self.window.total_seconds() * 1000)),
                "X-Rate-Limit-Time-Reset-Ms": str(left_ms),
                "X-Rate-Limit-Requests-Quota": str(self.quota),
                "X-Rate-Limit-Requests-Left": str(self.quota - self._used),
            }
