"""Hand-built requests.Response objects and a recording fetch for paginator tests."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import requests


def response(body: Any = None, *, status: int = 200, headers: dict[str, str] | None = None) -> requests.Response:
    resp = requests.Response()
    resp.status_code = status
    resp._content = b"" if body is None else json.dumps(body).encode()
    resp.headers.update(headers or {})
    resp.headers.setdefault("Content-Type", "application/json")
    return resp


class RecordingFetch:
    """Answers each request with `answer(params)` and remembers every params dict it was sent."""

    def __init__(self, answer: Callable[[dict[str, Any]], requests.Response]) -> None:
        self.answer = answer
        self.calls: list[dict[str, Any]] = []

    def __call__(self, params: dict[str, Any]) -> requests.Response:
        self.calls.append(dict(params))
        return self.answer(params)


def rows(start: int, count: int, key: str = "id") -> list[dict[str, Any]]:
    return [{key: i} for i in range(start, start + count)]
