"""A requests session served by an ASGI app in this process: the hooks talk to a sandbox with no server.

The hooks are written against requests; the sandboxes are ASGI apps. This transport adapter hands each prepared
request to the app through Starlette's test client and turns the answer back into a ``requests.Response``, so
property tests can run many small worlds without starting a server for each.
"""

from __future__ import annotations

from typing import Any

import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict
from starlette.testclient import TestClient


class AsgiAdapter(BaseAdapter):
    def __init__(self, app: Any) -> None:
        super().__init__()
        self.client = TestClient(app, raise_server_exceptions=True)

    def send(self, request: requests.PreparedRequest, **_: Any) -> requests.Response:
        answer = self.client.request(request.method or "GET", request.url or "", headers=dict(request.headers),
                                     content=request.body)
        response = requests.Response()
        response.status_code = answer.status_code
        response._content = answer.content
        response.headers = CaseInsensitiveDict(answer.headers)
        response.url = request.url or ""
        response.request = request
        response.reason = answer.reason_phrase
        response.encoding = "utf-8"
        return response

    def close(self) -> None:
        self.client.close()


def asgi_session(app: Any) -> requests.Session:
    session = requests.Session()
    adapter = AsgiAdapter(app)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session
