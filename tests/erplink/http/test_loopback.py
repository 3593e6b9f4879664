"""RestClient against real sockets on 127.0.0.1: refused connections and answers cut off mid-way."""

from __future__ import annotations

import json
import logging
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from erplink.http.client import RestClient
from erplink.http.errors import AmbiguousWriteError, TransientApiError
from erplink.http.retry import RetryPolicy
from tests.erplink.http.scripted import Sleeps


class _Handler(BaseHTTPRequestHandler):
    """POST /drop reads the request then closes without answering; anything else answers 200 JSON."""

    posts = 0

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        type(self).posts += 1
        if self.path.startswith("/drop"):
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        self._answer()

    def do_GET(self) -> None:  # noqa: N802
        self._answer()

    def _answer(self) -> None:
        body = json.dumps({"path": self.path}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    _Handler.posts = 0
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def free_port_nobody_listens_on() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def client(base_url: str, sleeps: Sleeps, attempts: int = 3) -> RestClient:
    return RestClient(system="loop", base_url=base_url, timeout=(2.0, 5.0),
                      retry=RetryPolicy(max_attempts=attempts, sleep=sleeps, random=lambda: 0.0))


def test_round_trip_through_the_pooled_session(server: str) -> None:
    with client(server, Sleeps()) as c:
        assert c.get_json("orders/7", params={"a": "b"}) == {"path": "/orders/7?a=b"}
        assert c.counter.count("loop", "GET orders/{id}", 200) == 1


def test_refused_connection_is_retried_even_for_a_post_then_reported_transient() -> None:
    sleeps = Sleeps()
    with client(f"http://127.0.0.1:{free_port_nobody_listens_on()}", sleeps) as c:
        with pytest.raises(TransientApiError) as caught:
            c.send_json("POST", "orders", json={"a": 1})
    assert not isinstance(caught.value, AmbiguousWriteError)
    assert c.counter.count(status="connection_error") == 3
    assert len(sleeps) == 2


def test_connection_closed_after_a_post_was_read_is_ambiguous(server: str) -> None:
    sleeps = Sleeps()
    with client(server, sleeps) as c:
        with pytest.raises(AmbiguousWriteError):
            c.send_json("POST", "drop", json={"a": 1})
    assert _Handler.posts == 1  # never re-sent
    assert sleeps == []


def test_query_secrets_are_masked_in_the_transports_own_debug_log(server: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with client(server, Sleeps()) as c:
        c.get_json("orders", params={"consumer_key": "ck_wire_5566", "consumer_secret": "cs_wire_7788"})
    transport = [r.getMessage() for r in caplog.records if r.name.startswith("urllib3")]
    assert any("/orders?" in line for line in transport)  # urllib3 did log the request line…
    assert not any("ck_wire_5566" in line or "cs_wire_7788" in line for line in transport)  # …masked
