"""Count every HTTP request sent, per system, endpoint template and outcome."""

from __future__ import annotations

import threading
from collections import Counter


class CallCounter:
    """Thread-safe request counts, keyed by (system, endpoint, status).

    ``status`` is the HTTP status as text ("200", "429") or the failure when no response came
    ("timeout", "connection_error"). One counter can be shared by several clients and worker threads.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: Counter[tuple[str, str, str]] = Counter()

    def record(self, system: str, endpoint: str, status: int | str) -> None:
        with self._lock:
            self._counts[(system, endpoint, str(status))] += 1

    @property
    def total(self) -> int:
        with self._lock:
            return sum(self._counts.values())

    def count(self, system: str | None = None, endpoint: str | None = None, status: int | str | None = None) -> int:
        """Requests matching every filter given."""
        wanted_status = None if status is None else str(status)
        with self._lock:
            return sum(
                n
                for (s, e, st), n in self._counts.items()
                if (system is None or s == system)
                and (endpoint is None or e == endpoint)
                and (wanted_status is None or st == wanted_status)
            )

    def snapshot(self) -> dict[str, dict[str, dict[str, int]]]:
        """``{system: {endpoint: {status: count}}}``: plain JSON, fit for XCom and logs."""
        result: dict[str, dict[str, dict[str, int]]] = {}
        with self._lock:
            items = sorted(self._counts.items())
        for (system, endpoint, status), n in items:
            result.setdefault(system, {}).setdefault(endpoint, {})[status] = n
        return result
