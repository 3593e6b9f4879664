"""A requests transport adapter that answers from a script, so the HTTP core is tested without a network.

Mounted on a session, it records every prepared request it is handed and answers each with the next step:
a ``Reply``, an exception to raise (as a dropped connection or timeout would be raised), or a callable that
builds the answer from the request (for stateful fakes such as a token endpoint).
"""

from __future__ import annotations

import json as jsonlib
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Union

import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict
from urllib3.exceptions import MaxRetryError, NewConnectionError, ProtocolError


@dataclass
class Reply:
    status: int = 200
    json: Any = None
    text: str | None = None
    headers: Mapping[str, str] = field(default_factory=dict)


Step = Union[Reply, BaseException, Callable[[requests.PreparedRequest], "Reply"]]


class ScriptedAdapter(BaseAdapter):
    def __init__(self, steps: Iterable[Step] = (), *, handler: Callable[[requests.PreparedRequest], Reply] | None = None):
        super().__init__()
        self.steps: deque[Step] = deque(steps)
        self.handler = handler
        self.requests: list[requests.PreparedRequest] = []

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        self.requests.append(request)
        if self.steps:
            step = self.steps.popleft()
        elif self.handler is not None:
            step = self.handler
        else:
            raise AssertionError(f"unexpected request {request.method} {request.url}")
        if isinstance(step, BaseException):
            raise step
        reply = step if isinstance(step, Reply) else step(request)
        return build_response(request, reply)

    def close(self) -> None:
        pass


def build_response(request: requests.PreparedRequest, reply: Reply) -> requests.Response:
    response = requests.Response()
    response.status_code = reply.status
    headers = dict(reply.headers)
    if reply.json is not None:
        body = jsonlib.dumps(reply.json).encode()
        headers.setdefault("Content-Type", "application/json")
    else:
        body = (reply.text or "").encode()
    response._content = body
    response.headers = CaseInsensitiveDict(headers)
    response.encoding = "utf-8"
    response.url = request.url or ""
    response.request = request
    response.reason = "scripted"
    return response


def session_with(adapter: BaseAdapter) -> requests.Session:
    session = requests.Session()
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def refused(url: str = "https://shop.example/x") -> requests.ConnectionError:
    """What requests raises when nothing listens: the request never left this host."""
    return requests.ConnectionError(MaxRetryError(None, url, NewConnectionError(None, "Connection refused")))


def dropped(url: str = "https://shop.example/x") -> requests.ConnectionError:
    """What requests raises when the server closes the connection before answering."""
    return requests.ConnectionError(ProtocolError("Connection aborted.", ConnectionResetError(104, "reset")))


class Sleeps(list[float]):
    """An injected sleep that records the delays it was asked for instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)
