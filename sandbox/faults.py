"""Deterministic fault injection for any sandbox: a pure ASGI middleware driven by a `FaultPlan`.

Faults are counted, never random, so a test that asks for "the next 3 calls fail with 503" gets exactly that.
Requests under `/__admin__/` are never faulted (tests must always be able to reach the controls), and are only
answered for loopback clients. The middleware serves `/__admin__/faults` itself, so every sandbox has it:
`GET` shows the plan and what is left of it, `POST` replaces the plan, `DELETE` clears it. `GET` also shows the
requests in flight and the most there were at once since the plan was set (`concurrency`), injected latency
included: what a client's concurrency limit (a pool, a thread count) is checked against.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
FaultResponder = Callable[[int], tuple[bytes, dict[str, str]]]

ADMIN_PREFIX = "/__admin__/"
FAULTS_PATH = "/__admin__/faults"
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})


class StatusBurst(BaseModel):
    """Answer the next `count` matching requests with `status` instead of passing them on."""

    model_config = ConfigDict(extra="forbid")
    status: int = Field(ge=400, le=599)
    count: int = Field(ge=1)
    path_prefix: str = "/"
    headers: dict[str, str] = Field(default_factory=dict)


class SlowResponses(BaseModel):
    """Hold the next `count` responses for `seconds` before answering (to outlast a client's timeout)."""

    model_config = ConfigDict(extra="forbid")
    count: int = Field(ge=1)
    seconds: float = Field(gt=0)


class FaultPlan(BaseModel):
    model_config = ConfigDict(extra="forbid")
    latency_ms: int = Field(default=0, ge=0)
    status_burst: StatusBurst | list[StatusBurst] | None = None
    drop_connections: int = Field(default=0, ge=0)
    slow_responses: SlowResponses | None = None
    strip_authorization: bool = False

    def bursts(self) -> list[StatusBurst]:
        if self.status_burst is None:
            return []
        return self.status_burst if isinstance(self.status_burst, list) else [self.status_burst]


def default_fault_response(status: int) -> tuple[bytes, dict[str, str]]:
    body = json.dumps({"error": {"code": "INJECTED_FAULT", "message": f"Injected HTTP {status}"}}).encode()
    headers = {"Retry-After": "1"} if status in (429, 503) else {}
    return body, headers


class FaultInjector:
    """The live plan and its remaining counts; thread-safe so tests can change it while servers run."""

    def __init__(self, plan: FaultPlan | None = None, *, sleep: Callable[[float], Awaitable[None]] = asyncio.sleep):
        self._lock = threading.Lock()
        self._sleep = sleep
        self._in_flight = 0
        self.set(plan or FaultPlan())

    def set(self, plan: FaultPlan | dict) -> None:
        plan = plan if isinstance(plan, FaultPlan) else FaultPlan.model_validate(plan)
        with self._lock:
            self.plan = plan
            self._bursts = [burst.model_copy() for burst in plan.bursts()]
            self._drops_left = plan.drop_connections
            self._slow_left = plan.slow_responses.count if plan.slow_responses else 0
            self.injected: dict[str, int] = {"status": 0, "dropped": 0, "slow": 0}
            self._peak_in_flight = self._in_flight  # counted from here on; requests under way stay counted

    def clear(self, *, keep_latency: bool = False) -> None:
        self.set(FaultPlan(latency_ms=self.plan.latency_ms if keep_latency else 0))

    def describe(self) -> dict:
        with self._lock:
            return {"plan": self.plan.model_dump(), "remaining": {
                "status_burst": [burst.model_dump() for burst in self._bursts if burst.count > 0],
                "drop_connections": self._drops_left, "slow_responses": self._slow_left},
                "injected": dict(self.injected),
                "concurrency": {"in_flight": self._in_flight, "peak": self._peak_in_flight}}

    def _enter(self) -> None:
        with self._lock:
            self._in_flight += 1
            self._peak_in_flight = max(self._peak_in_flight, self._in_flight)

    def _leave(self) -> None:
        with self._lock:
            self._in_flight -= 1

    def _take_drop(self) -> bool:
        with self._lock:
            if self._drops_left > 0:
                self._drops_left -= 1
                self.injected["dropped"] += 1
                return True
            return False

    def _take_burst(self, path: str) -> StatusBurst | None:
        with self._lock:
            for burst in self._bursts:
                if burst.count > 0 and path.startswith(burst.path_prefix):
                    burst.count -= 1
                    self.injected["status"] += 1
                    return burst
            return None

    def _take_slow(self) -> float:
        with self._lock:
            if self._slow_left > 0 and self.plan.slow_responses is not None:
                self._slow_left -= 1
                self.injected["slow"] += 1
                return self.plan.slow_responses.seconds
            return 0.0


class ConnectionDropped(Exception):
    """Raised when the server gives no handle on the connection; the request then fails without a response."""


async def _drop_connection(receive: Receive) -> None:
    """Close the client's socket without writing a byte.

    ASGI has no message for "hang up", so the transport is reached through uvicorn's request cycle, whose bound
    `receive` is what the server hands to the outermost app. After the abort the server sees a disconnected
    client and writes nothing.
    """
    transport = getattr(getattr(receive, "__self__", None), "transport", None)
    if transport is None:
        raise ConnectionDropped("the server does not expose its transport")
    transport.abort()
    for _ in range(3):  # let connection_lost run so the server marks the cycle as disconnected
        await asyncio.sleep(0)


class FaultMiddleware:
    def __init__(self, app: ASGIApp, injector: FaultInjector | None = None,
                 fault_response: FaultResponder | None = None):
        self.app = app
        self.injector = injector or FaultInjector()
        self.fault_response = fault_response or default_fault_response

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        if path.startswith(ADMIN_PREFIX):
            client = scope.get("client") or ("", 0)
            if client[0] not in LOOPBACK_HOSTS:
                await _send_json(send, 403, {"error": "admin routes are loopback-only"})
            elif path == FAULTS_PATH:
                await self._serve_faults(scope, receive, send)
            else:
                await self.app(scope, receive, send)
            return

        # A request stops counting as its last byte is handed over, not when the app returns after it: by then
        # the client may have sent its next request, and one client would count twice.
        finished = False

        async def send_counted(message: Message) -> None:
            nonlocal finished
            if not finished and message["type"] == "http.response.body" and not message.get("more_body", False):
                finished = True
                self.injector._leave()
            await send(message)

        self.injector._enter()
        try:
            await self._pass_on(scope, receive, send_counted)
        finally:
            if not finished:
                self.injector._leave()

    async def _pass_on(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "")
        injector = self.injector
        if injector.plan.latency_ms:
            await injector._sleep(injector.plan.latency_ms / 1000)
        if injector._take_drop():
            await _drop_connection(receive)
            return
        burst = injector._take_burst(path)
        if burst is not None:
            body, headers = self.fault_response(burst.status)
            await _send_bytes(send, burst.status, body, {**headers, **burst.headers})
            return
        delay = injector._take_slow()
        if delay:
            await injector._sleep(delay)
        if injector.plan.strip_authorization:
            # Like some shared hosts (CGI/FastCGI setups) that never pass the header on to PHP.
            scope = dict(scope)
            scope["headers"] = [(k, v) for k, v in scope["headers"] if k.lower() != b"authorization"]
        await self.app(scope, receive, send)

    async def _serve_faults(self, scope: Scope, receive: Receive, send: Send) -> None:
        method = scope["method"]
        if method == "GET":
            await _send_json(send, 200, self.injector.describe())
        elif method == "DELETE":
            self.injector.clear()
            await _send_json(send, 200, self.injector.describe())
        elif method == "POST":
            body = await _read_body(receive)
            try:
                self.injector.set(FaultPlan.model_validate_json(body or b"{}"))
            except ValidationError as error:
                await _send_json(send, 400, {"error": "invalid fault plan",
                                             "details": json.loads(error.json(include_url=False))})
                return
            await _send_json(send, 200, self.injector.describe())
        else:
            await _send_json(send, 405, {"error": "use GET, POST or DELETE"})


async def _read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks)


async def _send_json(send: Send, status: int, payload: Any) -> None:
    await _send_bytes(send, status, json.dumps(payload).encode(), {})


async def _send_bytes(send: Send, status: int, body: bytes, headers: dict[str, str]) -> None:
    merged = {"content-type": "application/json; charset=UTF-8", "content-length": str(len(body))}
    merged.update({name.lower(): value for name, value in headers.items()})
    raw_headers = [(name.encode(), value.encode()) for name, value in merged.items()]
    await send({"type": "http.response.start", "status": status, "headers": raw_headers})
    await send({"type": "http.response.body", "body": body})
