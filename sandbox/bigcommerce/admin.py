"""Controls for tests and the demo, under `/__admin__/bigcommerce/` (loopback only, never faulted: the fault
middleware sees to both): the request log, a reset, the options, merchant edits (a touch, a capture), and webhook
delivery."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

import requests
from fastapi import APIRouter, Body, HTTPException

from sandbox.bigcommerce.state import StoreState
from sandbox.bigcommerce.statuses import STATUS_NAMES

ADMIN_PREFIX = "/__admin__/bigcommerce"
DELIVERY_TIMEOUT_S = 10
RUNTIME_OPTIONS = frozenset(
    {
        "quota_per_window",
        "window_ms",
        "clock_skew_s",
        "shuffle_ties",
        "churn_every_pages",
        "shuffle_transactions",
        "duplicate_every",
        "reorder_deliveries",
    }
)


def http_sender(verify: bool | str) -> Any:
    def send(url: str, body: bytes, headers: dict[str, str]) -> int:
        return requests.post(url, data=body, headers=headers, timeout=DELIVERY_TIMEOUT_S, verify=verify).status_code

    return send


def build_admin_router(state: StoreState) -> APIRouter:
    router = APIRouter(prefix=ADMIN_PREFIX)

    @router.get("/requests")
    def request_log() -> list[dict[str, Any]]:
        return state.log.entries()

    @router.delete("/requests")
    def clear_request_log() -> dict[str, str]:
        state.log.clear()
        return {"status": "cleared"}

    @router.post("/reset")
    def reset() -> dict[str, str]:
        state.reset()
        return {"status": "reset"}

    @router.get("/options")
    def options() -> dict[str, Any]:
        return dataclasses.asdict(state.options)

    @router.patch("/options")
    def change_options(changes: dict[str, Any] = Body(...)) -> dict[str, Any]:  # noqa: B008
        unknown = set(changes) - RUNTIME_OPTIONS
        if unknown:
            raise HTTPException(400, f"not changeable at runtime: {', '.join(sorted(unknown))}")
        try:
            state.set_options(dataclasses.replace(state.options, **changes))
        except ValueError as error:
            raise HTTPException(400, str(error)) from None
        return dataclasses.asdict(state.options)

    @router.post("/orders/{order_id}/touch")
    def touch_order(order_id: int, body: dict[str, Any] | None = Body(None)) -> dict[str, Any]:  # noqa: B008
        status_id = (body or {}).get("status_id")
        if order_id not in state.records.orders or (status_id is not None and status_id not in STATUS_NAMES):
            raise HTTPException(404, "no such order or status")
        record = state.touch_order(order_id, status_id=status_id)
        return {"id": order_id, "date_modified": record.modified.isoformat()}

    @router.post("/orders/{order_id}/capture")
    def capture_payment(order_id: int, body: dict[str, Any] | None = Body(None)) -> dict[str, Any]:  # noqa: B008
        """The merchant captures the order's payment (`{"amount": 12.5}` optional: the order total by default)."""
        amount = (body or {}).get("amount")
        if order_id not in state.records.orders:
            raise HTTPException(404, "no such order")
        if amount is not None and (isinstance(amount, bool) or not isinstance(amount, (int, float)) or amount <= 0):
            raise HTTPException(400, "amount must be a positive number")
        transaction = state.capture_order(order_id, amount=None if amount is None else Decimal(str(amount)))
        record = state.records.orders[order_id]
        return {"id": order_id, "transaction_id": transaction["id"], "date_modified": record.modified.isoformat()}

    @router.post("/events")
    def fire(body: dict[str, Any] = Body(...)) -> dict[str, int]:  # noqa: B008
        """Fire one event as the platform would (`{"scope": "store/order/created", "type": "order", "id": 7}`)."""
        try:
            scope, record_type, record_id = str(body["scope"]), str(body["type"]), int(body["id"])
        except (KeyError, TypeError, ValueError):
            raise HTTPException(400, "scope, type and id are required") from None
        queued = state.outbox.fire(scope, record_type, record_id, state.now())
        return {"queued": queued}

    @router.get("/webhooks/pending")
    def pending() -> list[dict[str, Any]]:
        return [
            {
                "hook_id": d.hook_id,
                "destination": d.destination,
                "event_hash": d.event_hash,
                "attempt": d.attempt,
                "due": d.due.isoformat(),
            }
            for d in state.outbox.pending
        ]

    @router.post("/webhooks/flush")
    def flush(body: dict[str, Any] | None = Body(None)) -> list[dict[str, Any]]:  # noqa: B008
        """Deliver what is due; `target` sends every callback to a local receiver instead of its destination,
        `verify` is the receiver's CA file (or false)."""
        body = body or {}
        outcomes = state.outbox.flush(http_sender(body.get("verify", True)), state.now(), target=body.get("target"))
        return [dataclasses.asdict(outcome) for outcome in outcomes]

    return router
