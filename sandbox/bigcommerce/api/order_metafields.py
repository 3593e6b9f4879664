"""v3 order metafields (`/orders/{order_id}/metafields`, orders.v3.yml): where an integration leaves its
write-back marker. One metafield per (namespace, key) on an order; a second is a 409."""

from __future__ import annotations

import itertools
from typing import Any

from fastapi import APIRouter, Body, Request

from sandbox.bigcommerce.api.v3_pages import page_of
from sandbox.bigcommerce.dates import rfc3339
from sandbox.bigcommerce.errors import BigCommerceError
from sandbox.bigcommerce.state import StoreState

PERMISSION_SETS = frozenset({"app_only", "read", "write", "read_and_sf_access", "write_and_sf_access"})
REQUIRED = ("permission_set", "namespace", "key", "value")
LENGTHS = {"namespace": (1, 64), "key": (1, 64), "value": (1, 65535), "description": (0, 255)}


def _check(body: Any, *, partial: bool) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise BigCommerceError(422, errors={"body": "error.expected.jsobject"})
    for name in REQUIRED if not partial else ():
        if name not in body:
            raise BigCommerceError(422, errors={name: "error.path.missing"})
    for name, (low, high) in LENGTHS.items():
        if name in body and (not isinstance(body[name], str) or not low <= len(body[name]) <= high):
            raise BigCommerceError(422, errors={name: f"must be a string of {low} to {high} characters"})
    if "permission_set" in body and body["permission_set"] not in PERMISSION_SETS:
        raise BigCommerceError(422, errors={"permission_set": "error.expected.validenumvalue"})
    return {name: body[name] for name in (*REQUIRED, "description") if name in body}


def build_router(state: StoreState) -> APIRouter:
    router = APIRouter()
    ids = itertools.count(1)

    def metafields(order_id: int) -> list[dict[str, Any]]:
        if order_id not in state.records.orders:
            raise BigCommerceError(404, "Order not found")
        return state.records.order_metafields.setdefault(order_id, [])

    @router.get("/orders/{order_id}/metafields")
    def list_metafields(order_id: int, request: Request) -> dict[str, Any]:
        query = request.query_params
        with state.lock:
            rows = [
                dict(row)
                for row in metafields(order_id)
                if query.get("key") in (None, row["key"]) and query.get("namespace") in (None, row["namespace"])
            ]
        return page_of(rows, query)

    @router.post("/orders/{order_id}/metafields")
    def create_metafield(order_id: int, body: Any = Body(...)) -> dict[str, Any]:  # noqa: B008
        fields = _check(body, partial=False)
        with state.lock:
            rows = metafields(order_id)
            if any((row["namespace"], row["key"]) == (fields["namespace"], fields["key"]) for row in rows):
                raise BigCommerceError(
                    409,
                    "A metafield with this namespace and key already exists on the order",
                    errors={"key": "duplicate"},
                )
            stamp = rfc3339(state.now())
            row = {
                "id": next(ids),
                "description": "",
                **fields,
                "resource_type": "order",
                "resource_id": order_id,
                "date_created": stamp,
                "date_modified": stamp,
                "owner_client_id": state.credentials.client_id,
            }
            rows.append(row)
            return {"data": dict(row), "meta": {}}

    @router.put("/orders/{order_id}/metafields/{metafield_id}")
    def update_metafield(order_id: int, metafield_id: int, body: Any = Body(...)) -> dict[str, Any]:  # noqa: B008
        fields = _check(body, partial=True)
        with state.lock:
            row = next((row for row in metafields(order_id) if row["id"] == metafield_id), None)
            if row is None:
                raise BigCommerceError(404, "Metafield not found")
            row.update(fields, date_modified=rfc3339(state.now()))
            return {"data": dict(row), "meta": {}}

    return router
