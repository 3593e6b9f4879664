"""The "churn" fault: the shop keeps trading while a client pages through its orders.

Before each list request under the plan's path, the store changes a few orders as shoppers and shop managers
would: an order is edited (its status moves on), a new one is placed, one is trashed, one is taken back out of
the trash, one is deleted for good. Each change stamps the order with "now", so it moves between windows and
pages exactly as on a real store. The changes are drawn from a seeded generator: the same plan and the same
requests give the same changes, so a failing test can be replayed.

`POST /__admin__/churn` with `{"per_request": 3, "seed": 7}` turns it on, `DELETE` turns it off, `GET` shows the
plan and what it did.
"""

from __future__ import annotations

import json
import random
import threading
from collections import Counter
from collections.abc import Awaitable, Callable, MutableMapping
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from sandbox.woocommerce.errors import WooError
from sandbox.woocommerce.links import API_PATH

if TYPE_CHECKING:  # the state owns a Churn; importing it here at run time would be circular
    from sandbox.woocommerce.state import WooState

Scope = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Any, Any], Awaitable[None]]
ACTIONS = ("modify", "create", "trash", "untrash", "delete")
NEXT_STATUS = {"pending": "processing", "on-hold": "processing", "processing": "completed", "completed": "refunded",
               "failed": "pending", "cancelled": "pending", "refunded": "completed"}


class ChurnPlan(BaseModel):
    model_config = ConfigDict(extra="forbid")
    per_request: int = Field(default=2, ge=0, le=100)  # at most this many changes before each list request
    seed: int = 0
    path: str = f"{API_PATH}/orders"  # list requests of exactly this path are churned
    actions: tuple[str, ...] = ACTIONS


class Churn:
    """The live plan and a log of what it changed (thread-safe: requests run concurrently)."""

    def __init__(self, state: WooState) -> None:
        self.state = state
        self._lock = threading.Lock()
        self.plan: ChurnPlan | None = None
        self._rng = random.Random(0)
        self.done: Counter[str] = Counter()
        self.touched: list[tuple[str, int]] = []  # (action, order id), in order

    def set(self, plan: ChurnPlan | None) -> None:
        """Start a plan (its log starts afresh), or stop with None (the log of what was done stays readable)."""
        with self._lock:
            self.plan = plan
            if plan is not None:
                self._rng = random.Random(plan.seed)
                self.done = Counter()
                self.touched = []

    def reset(self) -> None:
        with self._lock:
            self.plan, self.done, self.touched = None, Counter(), []

    def describe(self) -> dict[str, Any]:
        with self._lock:
            return {"plan": self.plan.model_dump() if self.plan else None, "done": dict(self.done),
                    "touched": len(self.touched)}

    def before_list(self, path: str) -> None:
        with self._lock:
            plan = self.plan
            if plan is None or path.rstrip("/") != plan.path.rstrip("/"):
                return
            for _ in range(self._rng.randint(0, plan.per_request)):
                action = self._rng.choice(plan.actions)
                order_id = self._apply(action)
                if order_id is not None:
                    self.done[action] += 1
                    self.touched.append((action, order_id))

    def _apply(self, action: str) -> int | None:
        docs, orders = self.state.docs, self.state.orders
        with docs.lock:
            live = sorted(i for i, o in docs.orders.items() if o["status"] != "trash")
            trashed = sorted(i for i, o in docs.orders.items() if o["status"] == "trash")
            try:
                if action == "create":
                    return self._place(live)
                if action == "untrash":
                    if not trashed:
                        return None
                    order_id = self._rng.choice(trashed)
                    orders.update(order_id, {"status": "processing"})
                    return order_id
                if not live:
                    return None
                order_id = self._rng.choice(live)
                if action == "modify":
                    orders.update(order_id, {"status": NEXT_STATUS.get(docs.orders[order_id]["status"], "processing")})
                else:
                    orders.delete(order_id, force=action == "delete")
                return order_id
            except WooError:
                return None  # a change the store refuses (e.g. an order without lines) is simply not made

    def _place(self, live: list[int]) -> int | None:
        if not live:
            return None
        model = self.state.docs.orders[self._rng.choice(live)]
        lines = [{"product_id": line["product_id"], "variation_id": line["variation_id"], "quantity": line["quantity"]}
                 for line in model["line_items"]]
        order = self.state.orders.create({"status": "processing", "billing": model["billing"],
                                          "line_items": lines, "currency": model["currency"]}, created_via="checkout")
        return int(order["id"])


class ChurnMiddleware:
    """Applies the churn before each matching GET, ahead of the route that lists the orders."""

    def __init__(self, app: ASGIApp, churn: Churn) -> None:
        self.app = app
        self.churn = churn

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope.get("method") == "GET":
            self.churn.before_list(scope.get("path", ""))
        await self.app(scope, receive, send)


def build_churn_router(churn: Churn) -> APIRouter:
    from sandbox.woocommerce.http import json_response, read_body

    router = APIRouter(prefix="/__admin__")

    @router.get("/churn")
    async def show() -> Response:
        return json_response(json.dumps(churn.describe()).encode())

    @router.post("/churn")
    async def start(request: Request) -> Response:
        churn.set(ChurnPlan.model_validate(await read_body(request)))
        return json_response(json.dumps(churn.describe()).encode())

    @router.delete("/churn")
    async def stop() -> Response:
        churn.set(None)
        return json_response(json.dumps(churn.describe()).encode())

    return router
