"""v3 refunds, read side: `GET /orders/payment_actions/refunds` across orders (filters `order_id:in`, `id:in`,
`created:min`, `created:max`) and `GET /orders/{order_id}/payment_actions/refunds`, in the v3 envelope with
pagination meta (orders.v3.yml)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from sandbox.bigcommerce.api.params import date, id_list
from sandbox.bigcommerce.api.v3_pages import page_of
from sandbox.bigcommerce.dates import rfc3339
from sandbox.bigcommerce.errors import BigCommerceError
from sandbox.bigcommerce.state import StoreState


def _render(refund: dict[str, Any]) -> dict[str, Any]:
    return {**refund, "created": rfc3339(refund["created"])}


def build_router(state: StoreState) -> APIRouter:
    router = APIRouter()

    @router.get("/orders/payment_actions/refunds")
    def list_refunds(request: Request) -> dict[str, Any]:
        query = request.query_params
        orders, ids = id_list(query, "order_id:in"), id_list(query, "id:in")
        low, high = date(query, "created:min"), date(query, "created:max")
        with state.lock:
            rows = [
                _render(refund)
                for refund in sorted(state.records.refunds, key=lambda r: r["id"])
                if (orders is None or refund["order_id"] in orders)
                and (ids is None or refund["id"] in ids)
                and (low is None or refund["created"] >= low)
                and (high is None or refund["created"] <= high)
            ]
        return page_of(rows, query)

    @router.get("/orders/{order_id}/payment_actions/refunds")
    def order_refunds(order_id: int, request: Request) -> dict[str, Any]:
        with state.lock:
            if order_id not in state.records.orders:
                raise BigCommerceError(404, "Order not found")
            rows = [_render(refund) for refund in state.records.refunds if refund["order_id"] == order_id]
        return page_of(rows, request.query_params)

    return router
