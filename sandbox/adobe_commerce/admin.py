"""Controls for tests and the demo, under `/__admin__/adobe_commerce/` (loopback only, never faulted: the fault
middleware sees to both): the request log, a reset, the options, merchant edits (touch an order, add an invoice or
a credit memo) and a signed webhook delivery."""

from __future__ import annotations

import copy
import dataclasses
import json
from typing import Any

import requests
from fastapi import APIRouter, Body, HTTPException

from sandbox.adobe_commerce.state import StoreState
from sandbox.adobe_commerce.webhook_signing import SIGNATURE_HEADER, sign

ADMIN_PREFIX = "/__admin__/adobe_commerce"
DELIVERY_TIMEOUT_S = 10
ORDER_SAVED_EVENT = "observer.sales_order_save_after"


def webhook_delivery(state: StoreState, order_id: int) -> tuple[bytes, dict[str, str]]:
    """The body and headers Commerce sends for an order saved: `{"eventName", "data": {"order": {...}}}`."""
    with state.lock:
        order = copy.deepcopy(state.records.orders[order_id])
    body = json.dumps({"eventName": ORDER_SAVED_EVENT, "data": {"order": order}}).encode()
    return body, {"content-type": "application/json", SIGNATURE_HEADER: sign(state.webhook_key, body)}


def build_admin_router(state: StoreState) -> APIRouter:
    router = APIRouter(prefix=ADMIN_PREFIX)

    def known_order(order_id: int) -> None:
        if order_id not in state.records.orders:
            raise HTTPException(404, "no such order")

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
        try:
            state.set_options(dataclasses.replace(state.options, **changes))
        except (TypeError, ValueError) as error:
            raise HTTPException(400, str(error)) from None
        return dataclasses.asdict(state.options)

    @router.post("/orders/{order_id}/touch")
    def touch(order_id: int, body: dict[str, Any] | None = Body(None)) -> dict[str, Any]:  # noqa: B008
        known_order(order_id)
        changes = body or {}
        order = state.touch_order(order_id, status=changes.get("status"), state=changes.get("state"))
        return {"entity_id": order_id, "updated_at": order["updated_at"], "status": order["status"]}

    @router.post("/orders/{order_id}/invoices")
    def add_invoice(order_id: int) -> dict[str, Any]:
        known_order(order_id)
        invoice = state.add_invoice(order_id)
        return {"entity_id": invoice["entity_id"], "order_id": order_id, "grand_total": invoice["grand_total"]}

    @router.post("/orders/{order_id}/creditmemos")
    def add_credit_memo(order_id: int, body: dict[str, Any] | None = Body(None)) -> dict[str, Any]:  # noqa: B008
        """`{"amount": 5.0}` refunds an amount only, `{"adjustment_negative": 2.0}` keeps a fee back; without a
        body every row still unrefunded is refunded."""
        known_order(order_id)
        changes = body or {}
        memo = state.add_credit_memo(
            order_id, amount=changes.get("amount"), adjustment_negative=float(changes.get("adjustment_negative", 0))
        )
        return {"entity_id": memo["entity_id"], "order_id": order_id, "grand_total": memo["grand_total"]}

    @router.get("/webhooks/public_key")
    def public_key() -> dict[str, str]:
        return {"webhook_public_key": state.webhook_public_key}

    @router.post("/webhooks/orders/{order_id}")
    def fire(order_id: int, body: dict[str, Any] = Body(...)) -> dict[str, Any]:  # noqa: B008
        """Send one signed `sales_order_save_after` delivery to `target` (`verify`: its CA file, or false)."""
        known_order(order_id)
        if not isinstance(body.get("target"), str):
            raise HTTPException(400, "target is required")
        payload, headers = webhook_delivery(state, order_id)
        answer = requests.post(
            body["target"], data=payload, headers=headers, timeout=DELIVERY_TIMEOUT_S, verify=body.get("verify", True)
        )
        return {"status": answer.status_code}

    return router
