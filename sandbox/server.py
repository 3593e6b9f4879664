"""Serve an ASGI app with uvicorn on a free 127.0.0.1 port in a background thread, optionally over TLS."""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import uvicorn

STARTUP_TIMEOUT_SECONDS = 10.0


@dataclass
class ServedApp:
    base_url: str
    port: int
    _server: uvicorn.Server = field(repr=False)
    _thread: threading.Thread = field(repr=False)

    def stop(self) -> None:
        # A sandbox needs no graceful drain: idle keep-alive clients would only delay the shutdown.
        self._server.should_exit = True
        self._server.force_exit = True
        self._thread.join(timeout=STARTUP_TIMEOUT_SECONDS)


def serve(app: Any, *, certfile: Path | None = None, keyfile: Path | None = None) -> ServedApp:
    """Start serving and return once the server accepts connections.

    The socket is bound here (port 0: the kernel picks a free port) and handed to uvicorn, so the URL is known
    before the server starts and no other process can take the port in between.
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        app, log_level="warning", access_log=False, lifespan="off",
        ssl_certfile=str(certfile) if certfile else None, ssl_keyfile=str(keyfile) if keyfile else None,
        timeout_graceful_shutdown=1,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name=f"sandbox-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            raise RuntimeError(f"sandbox server on port {port} did not start")
        thread.join(0.01)
    scheme = "https" if certfile else "http"
    return ServedApp(f"{scheme}://127.0.0.1:{port}", port, server, thread)
