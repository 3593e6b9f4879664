"""Store mode: the PHP workers of a real WooCommerce store and the time each request costs them.

A store answers REST requests from a fixed pool of PHP-FPM workers (``pm.max_children``). A request holds one
worker for as long as PHP works on it; requests beyond the pool wait in the listen queue and are taken first
come, first served. A page of a list (100 orders rendered by WooCommerce) is what costs most, so a store's
throughput is about ``workers / page cost`` pages a second, whatever the client does.

The plan (``php_workers``, ``page_cost_ms``, ``request_cost_ms``) is set when the sandbox starts and can be
changed while it runs through ``/__admin__/store-mode`` (``GET`` shows it with the pool's counts, ``POST``
replaces it, ``DELETE`` turns store mode off). Off (no workers limit, no cost) is the default, so the tests
keep their speed. Only wc/v3 requests are charged; the admin controls are not part of the store.
"""

from __future__ import annotations

import asyncio
import threading
from collections import Counter, deque
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from sandbox.woocommerce.links import API_PATH

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

STORE_MODE_PATH = "/__admin__/store-mode"
PAGE = "page"  # a GET of a collection: orders, orders/<id>/refunds, products/<id>/variations, ...
OTHER = "other"  # everything else: one document, a batch, a create, the namespace index


class StoreModePlan(BaseModel):
    model_config = ConfigDict(extra="forbid")
    php_workers: int = Field(default=0, ge=0, description="requests served at once; 0 is unlimited")
    page_cost_ms: int = Field(default=0, ge=0, description="time a worker spends on a page of a list")
    request_cost_ms: int | None = Field(default=None, ge=0,
                                        description="time a worker spends on any other request; unset: the page cost")

    @property
    def active(self) -> bool:
        return bool(self.php_workers or self.page_cost_ms or self.request_cost_ms)

    def cost_seconds(self, kind: str) -> float:
        cost = self.page_cost_ms if kind == PAGE or self.request_cost_ms is None else self.request_cost_ms
        return cost / 1000


def request_kind(method: str, path: str) -> str:
    """A GET whose path ends at a collection (not at a numeric id, not at the namespace index) reads a page."""
    rest = path[len(API_PATH):].strip("/") if path.startswith(API_PATH) else ""
    if method != "GET" or not rest:
        return OTHER
    return OTHER if rest.rsplit("/", 1)[-1].isdigit() else PAGE


def _grant(waiter: asyncio.Future[None]) -> None:
    if not waiter.done():
        waiter.set_result(None)


class PhpWorkers:
    """The worker pool: at most ``plan.php_workers`` requests at once, the others queued in arrival order.

    The HTTPS and the plain-HTTP server of one sandbox each run an event loop in a thread of their own, yet one
    PHP-FPM pool serves both schemes: so the pool is guarded by a thread lock, and a queued request is woken on
    the loop it waits on.
    """

    def __init__(self, plan: StoreModePlan | None = None) -> None:
        self._lock = threading.Lock()
        self._busy = 0
        self._queue: deque[tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]] = deque()
        self.configure(plan or StoreModePlan())

    def configure(self, plan: StoreModePlan | dict[str, Any]) -> None:
        """Replace the plan and start its counts afresh; more workers (or none) admit the waiting at once."""
        plan = plan if isinstance(plan, StoreModePlan) else StoreModePlan.model_validate(plan)
        with self._lock:
            self.plan = plan
            self._served: Counter[str] = Counter()
            self._queued = 0
            self._peak_busy = self._busy
            self._admit_waiting()

    def describe(self) -> dict[str, Any]:
        with self._lock:
            return {"plan": self.plan.model_dump(), "busy": self._busy, "waiting": len(self._queue),
                    "peak_busy": self._peak_busy, "queued": self._queued,
                    "served": {PAGE: self._served[PAGE], OTHER: self._served[OTHER]}}

    async def acquire(self) -> None:
        with self._lock:
            if not self._queue and self._has_room():
                self._take()
                return
            loop = asyncio.get_running_loop()
            entry = (loop, loop.create_future())
            self._queue.append(entry)
            self._queued += 1
        try:
            await entry[1]
        except asyncio.CancelledError:
            with self._lock:
                if entry in self._queue:
                    self._queue.remove(entry)
                    raise
            self.release(None)  # a worker was granted as the client went away: it goes to the next in line
            raise

    def release(self, kind: str | None) -> None:
        with self._lock:
            self._busy -= 1
            if kind is not None:
                self._served[kind] += 1
            self._admit_waiting()

    def _has_room(self) -> bool:
        return self.plan.php_workers == 0 or self._busy < self.plan.php_workers

    def _take(self) -> None:
        self._busy += 1
        self._peak_busy = max(self._peak_busy, self._busy)

    def _admit_waiting(self) -> None:
        while self._queue and self._has_room():
            loop, waiter = self._queue.popleft()
            self._take()
            loop.call_soon_threadsafe(_grant, waiter)


class StoreModeMiddleware:
    """Each wc/v3 request waits for a worker, and holds it until its cost has passed and its answer is sent.

    The cost is the worker's whole time on the request: the sandbox's own handling counts towards it, and the
    answer is held back only for what is left.
    """

    def __init__(self, app: ASGIApp, workers: PhpWorkers) -> None:
        self.app = app
        self.workers = workers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        plan = self.workers.plan
        if scope["type"] != "http" or not plan.active or not scope.get("path", "").startswith(API_PATH):
            await self.app(scope, receive, send)
            return
        kind = request_kind(scope["method"], scope["path"])
        cost = plan.cost_seconds(kind)
        await self.workers.acquire()
        try:
            loop = asyncio.get_running_loop()
            done_at = loop.time() + cost

            async def send_when_paid(message: Message) -> None:
                if message["type"] == "http.response.start":
                    remaining = done_at - loop.time()
                    if remaining > 0:
                        await asyncio.sleep(remaining)
                await send(message)

            await self.app(scope, receive, send_when_paid)
        finally:
            self.workers.release(kind)


def build_store_mode_router(workers: PhpWorkers) -> APIRouter:
    router = APIRouter()

    @router.get(STORE_MODE_PATH)
    async def show() -> dict[str, Any]:
        return workers.describe()

    @router.post(STORE_MODE_PATH)
    async def replace(plan: StoreModePlan) -> dict[str, Any]:
        workers.configure(plan)
        return workers.describe()

    @router.delete(STORE_MODE_PATH)
    async def turn_off() -> dict[str, Any]:
        workers.configure(StoreModePlan())
        return workers.describe()

    return router
