"""The request log: method, path, query and status of every request to the instance (never headers or bodies,
where credentials travel; query parameters that could carry one are masked)."""

from __future__ import annotations

import threading
from typing import Any
from urllib.parse import parse_qsl

MASKED = "***"
_SECRET_PARAMETERS = frozenset({"password", "client_secret", "refresh_token", "access_token", "code", "token"})


def _query(raw: str) -> dict[str, list[str]]:
    query: dict[str, list[str]] = {}
    for name, value in parse_qsl(raw, keep_blank_values=True):
        query.setdefault(name, []).append(MASKED if name.lower() in _SECRET_PARAMETERS else value)
    return query


class RequestLog:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: list[dict[str, Any]] = []

    def record(self, method: str, path: str, raw_query: str, status: int) -> None:
        with self._lock:
            self._entries.append({"method": method, "path": path, "query": _query(raw_query), "status": status})

    def entries(self) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(entry) for entry in self._entries]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
