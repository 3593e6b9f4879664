"""The request log: method, path, query and status of every API request (never headers or bodies, where the
access token travels)."""

from __future__ import annotations

import threading
from typing import Any
from urllib.parse import parse_qsl


class RequestLog:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: list[dict[str, Any]] = []

    def record(self, method: str, path: str, raw_query: str, status: int) -> None:
        query = dict(parse_qsl(raw_query, keep_blank_values=True))
        with self._lock:
            self._entries.append({"method": method, "path": path, "query": query, "status": status})

    def entries(self) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(entry) for entry in self._entries]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
