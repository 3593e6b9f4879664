"""`/__admin__/...`: controls for tests and the demo. No store credentials; the fault middleware keeps them
loopback-only. `/__admin__/faults` itself is served by the middleware."""

from __future__ import annotations

import json

from fastapi import APIRouter, Request
from fastapi.responses import Response

from sandbox.woocommerce.http import created_response, json_response, read_body
from sandbox.woocommerce.state import WooState


def build_admin_router(state: WooState) -> APIRouter:
    router = APIRouter(prefix="/__admin__")

    @router.get("/state")
    async def summary() -> Response:
        return json_response(json.dumps(state.summary()).encode())

    @router.post("/reset")
    async def reset() -> Response:
        state.reset()
        return json_response(json.dumps(state.summary()).encode())

    @router.post("/orders")
    async def place_order(request: Request) -> Response:
        """A shopper checks out (fires order.created and order.updated)."""
        order = state.create_order(await read_body(request))
        return created_response(state, state.orders.json(order["id"]), f"/orders/{order['id']}")

    @router.put("/orders/{order_id:int}")
    async def change_order(order_id: int, request: Request) -> Response:
        """A shop manager edits an order (fires order.updated)."""
        state.update_order(order_id, await read_body(request))
        return json_response(state.orders.json(order_id))

    @router.post("/orders/{order_id:int}/refunds")
    async def refund_order(order_id: int, request: Request) -> Response:
        """A shop manager refunds (fires order.updated)."""
        refund = state.create_refund(order_id, await read_body(request))
        return created_response(state, state.orders.refund_json(order_id, refund["id"]),
                                f"/orders/{order_id}/refunds/{refund['id']}")

    @router.get("/webhooks/deliveries")
    async def deliveries() -> Response:
        log = [{"webhook_id": d.webhook_id, "kind": d.kind, "topic": d.topic, "delivery_id": d.delivery_id,
                "status_code": d.status_code, "error": d.error, "success": d.success} for d in state.deliveries()]
        return json_response(json.dumps(log).encode())

    return router
