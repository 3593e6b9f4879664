"""v3 order transactions: `GET /orders/{order_id}/transactions` in the v3 envelope with pagination meta
(orders.v3.yml `TransactionCollection_Resp`); an order without transactions answers 204, which the document
declares for this operation; an unknown order is 404."""

from __future__ import annotations

import itertools
import random
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from sandbox.bigcommerce.api.v3_pages import page_of
from sandbox.bigcommerce.dates import rfc3339
from sandbox.bigcommerce.errors import BigCommerceError
from sandbox.bigcommerce.state import StoreState


def _render(transaction: dict[str, Any]) -> dict[str, Any]:
    rendered = {k: v for k, v in transaction.items() if k != "created"}
    rendered["date_created"] = rfc3339(transaction["created"])
    return rendered


def build_router(state: StoreState) -> APIRouter:
    router = APIRouter()
    served = itertools.count()

    @router.get("/orders/{order_id}/transactions")
    def order_transactions(order_id: int, request: Request) -> Response:
        with state.lock:
            if order_id not in state.records.orders:
                raise BigCommerceError(404, "Order not found")
            rows = [_render(transaction) for transaction in state.records.transactions.get(order_id, [])]
            if state.options.shuffle_transactions:
                random.Random(next(served)).shuffle(rows)  # the API promises no order among them
        if not rows:
            return Response(status_code=204)
        return JSONResponse(page_of(rows, request.query_params))

    return router
