"""v2 orders: `GET /orders` (bare arrays; an empty page is 204 with no body), `/orders/count`, `/orders/{id}`
and its `products`, `shipping_addresses`, `coupons` and `fees` (orders.v2.oas2.yml). The order carries its fees
only when asked (`include=fees` on the list or on one order, the `order_includes` parameter)."""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from sandbox.bigcommerce.api.order_listing import matching, page_bounds, sorted_orders
from sandbox.bigcommerce.dates import rfc2822
from sandbox.bigcommerce.errors import NOT_FOUND_MESSAGE, BigCommerceError
from sandbox.bigcommerce.records import OrderRecord
from sandbox.bigcommerce.state import StoreState
from sandbox.bigcommerce.statuses import STATUS_NAMES

SOMETIMES_ABSENT = ("customer_locale", "external_order_id", "cart_id")
"""Fields the schema does not require; the store leaves them out of every fifth order (README, "Unkind")."""


def _links(request: Request, state: StoreState, order_id: int) -> dict[str, dict[str, str]]:
    base = f"{str(request.base_url).rstrip('/')}/stores/{state.options.store_hash}/v2"
    return {
        name: {"url": f"{base}/orders/{order_id}/{name}", "resource": f"/orders/{order_id}/{name}"}
        for name in ("products", "shipping_addresses", "coupons")
    }


def includes_fees(query: Mapping[str, str]) -> bool:
    """`include` is a comma-separated list (`style: form`, `explode: false`); values other than `fees` are
    ignored (consignments are not served)."""
    return "fees" in (part.strip() for part in query.get("include", "").split(","))


def render_order(request: Request, state: StoreState, record: OrderRecord) -> dict[str, Any]:
    document = {
        **record.document,
        "date_created": rfc2822(record.created),
        "date_modified": rfc2822(record.modified),
        **_links(request, state, record.order_id),
    }
    if includes_fees(request.query_params):
        document["fees"] = [dict(fee) for fee in record.fees]
    if record.order_id % 5 == 0:
        for name in SOMETIMES_ABSENT:
            document.pop(name, None)
    return document


def empty_or(rows: list[Any]) -> Response:
    """An empty collection is 204 with no body (the less convenient of the two forms seen, README)."""
    return JSONResponse(rows) if rows else Response(status_code=204)


def build_router(state: StoreState) -> APIRouter:
    router = APIRouter()

    def order(order_id: int) -> OrderRecord:
        record = state.records.orders.get(order_id)
        if record is None:
            raise BigCommerceError(404, NOT_FOUND_MESSAGE)
        return record

    @router.get("/orders")
    def list_orders(request: Request) -> Response:
        query = request.query_params
        page, limit = page_bounds(query)
        with state.lock:
            state.page_requests += 1
            serial = state.page_requests
            shuffle = random.Random(serial) if state.options.shuffle_ties else None
            ordered = sorted_orders(matching(list(state.records.orders.values()), query), query.get("sort"), shuffle)
            rows = ordered[(page - 1) * limit : page * limit]
            body = [render_order(request, state, record) for record in rows]
            churn = state.options.churn_every_pages
            if rows and churn and serial % churn == 0:
                state.touch_order(rows[0].order_id)
        return empty_or(body)

    @router.get("/orders/count")
    def count_orders(request: Request) -> dict[str, Any]:
        """Takes the list's filters (orders.v2.oas2.yml documents the same ones on `/orders/count`)."""
        with state.lock:
            live = matching(list(state.records.orders.values()), request.query_params)
        statuses = [
            {
                "id": status_id,
                "name": name,
                "system_label": name,
                "custom_label": name,
                "system_description": name,
                "sort_order": status_id,
                "count": sum(1 for record in live if record.document["status_id"] == status_id),
            }
            for status_id, name in STATUS_NAMES.items()
        ]
        return {"statuses": statuses, "count": len(live)}

    @router.get("/orders/{order_id}")
    def get_order(order_id: int, request: Request) -> dict[str, Any]:
        with state.lock:
            return render_order(request, state, order(order_id))

    @router.get("/orders/{order_id}/products")
    def order_products(order_id: int) -> Response:
        with state.lock:
            return empty_or([dict(row) for row in order(order_id).products])

    @router.get("/orders/{order_id}/shipping_addresses")
    def order_shipping_addresses(order_id: int) -> Response:
        with state.lock:
            return empty_or([dict(row) for row in order(order_id).shipping_addresses])

    @router.get("/orders/{order_id}/coupons")
    def order_coupons(order_id: int) -> Response:
        with state.lock:
            return empty_or([dict(row) for row in order(order_id).coupons])

    @router.get("/orders/{order_id}/fees")
    def order_fees(order_id: int) -> dict[str, Any]:
        """[assumed] `{"fees": [...]}`, also when there are none, as the document's example shows (its schema names
        one fee; the operation declares no 204)."""
        with state.lock:
            return {"fees": [dict(fee) for fee in order(order_id).fees]}

    return router
