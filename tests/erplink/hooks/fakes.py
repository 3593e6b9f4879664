"""A tiny in-process HTTP API for hook tests: a requests transport adapter with routes, plus connections."""

from __future__ import annotations

import json
import re
from http.client import HTTPMessage
from types import SimpleNamespace
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests
from airflow.sdk import Connection
from requests.adapters import BaseAdapter

from erplink.http.retry import RetryPolicy


@dataclass
class Seen:
    """A request as the server received it."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: Any

    @property
    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


Answer = tuple[int, Any] | tuple[int, Any, dict[str, str]]
Handler = Callable[[Seen], Answer]


class FakeApi(BaseAdapter):
    """Routes ``(METHOD, path regex)`` to handlers; unknown routes answer 404. Records every request."""

    def __init__(self) -> None:
        super().__init__()
        self.routes: list[tuple[str, re.Pattern[str], Handler]] = []
        self.seen: list[Seen] = []

    def route(self, method: str, path: str, handler: Handler | Answer) -> None:
        fn = handler if callable(handler) else (lambda _seen, answer=handler: answer)
        self.routes.append((method, re.compile(path + "$"), fn))

    def session(self) -> requests.Session:
        session = requests.Session()
        session.mount("http://", self)
        session.mount("https://", self)
        return session

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        parts = urlsplit(request.url)
        body = request.body.decode() if isinstance(request.body, bytes) else request.body
        seen = Seen(request.method, parts.path, {k: v[-1] for k, v in parse_qs(parts.query).items()},
                    {k: v.decode() if isinstance(v, bytes) else v for k, v in request.headers.items()}, body)
        self.seen.append(seen)
        for method, pattern, handler in self.routes:
            if method == request.method and pattern.match(parts.path):
                status, payload, *rest = handler(seen)
                return _response(request, status, payload, rest[0] if rest else {})
        return _response(request, 404, {"code": "rest_no_route", "message": "No route"}, {})

    def close(self) -> None:
        pass

    def calls(self, method: str, path_part: str) -> list[Seen]:
        return [s for s in self.seen if s.method == method and path_part in s.path]


def _response(request: requests.PreparedRequest, status: int, payload: Any, headers: dict[str, str]
              ) -> requests.Response:
    response = requests.Response()
    response.status_code = status
    response.request = request
    response.url = request.url
    response._content = b"" if payload is None else json.dumps(payload).encode()
    response.headers.update({"Content-Type": "application/json", **headers})
    response._content_consumed = True
    # requests reads Set-Cookie from the raw http.client message when it fills the session's cookie jar.
    message = HTTPMessage()
    for name, value in headers.items():
        message[name] = value
    response.raw = SimpleNamespace(_original_response=SimpleNamespace(msg=message))
    return response


NO_RETRY = RetryPolicy(max_attempts=1, sleep=lambda _s: None)


def use_connection(monkeypatch, hook_class: type, *, conn_type: str, host: str | None = None,
                   login: str | None = None, password: str | None = None, port: int | None = None,
                   extra: dict[str, Any] | None = None, conn_id: str = "under_test") -> Connection:
    """Make ``hook_class.get_connection`` return this connection, as Airflow's provider tests do."""
    conn = Connection(conn_id=conn_id, conn_type=conn_type, host=host, login=login, password=password, port=port,
                      extra=json.dumps(extra or {}))
    monkeypatch.setattr(hook_class, "get_connection", classmethod(lambda cls, _conn_id: conn))
    return conn
