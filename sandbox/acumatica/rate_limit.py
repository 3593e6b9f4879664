"""The licence's cap on API requests per minute, counted per client (off unless set)."""

from __future__ import annotations

from datetime import datetime, timedelta

WINDOW = timedelta(minutes=1)


class RequestBudget:
    """Fixed one-minute windows per client, each starting with the client's first request after the last."""

    def __init__(self, per_minute: int | None = None) -> None:
        self.set_limit(per_minute)

    def set_limit(self, per_minute: int | None) -> None:
        if per_minute is not None and per_minute < 1:
            raise ValueError("the request cap must be at least 1 a minute")
        self.per_minute = per_minute
        self._windows: dict[str, tuple[datetime, int]] = {}

    def spend(self, client: str, now: datetime) -> bool:
        """Count one request of `client`; False when its minute is used up."""
        if self.per_minute is None:
            return True
        start, used = self._windows.get(client, (now, 0))
        if now - start >= WINDOW:
            start, used = now, 0
        if used >= self.per_minute:
            return False
        self._windows[client] = (start, used + 1)
        return True
