"""Refund collection routes: `GET orders/{id}/refunds` and the store-wide `GET refunds` (see refunds.py)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from sandbox.woocommerce.auth import ApiKey, require
from sandbox.woocommerce.http import Query, listing
from sandbox.woocommerce.params import parse_page
from sandbox.woocommerce.query_args import check_typed, date_filters, id_list, sorting
from sandbox.woocommerce.refunds import REFUND_ORDERBY, RefundQuery
from sandbox.woocommerce.state import WooState


def refund_query(query: Query, order_id: int | None) -> RefundQuery:
    check_typed(query, integers=("dp",), booleans=("order_item_display_meta",),
                enums={"context": ("view", "edit")})
    id_list("parent", query)  # validated, then overridden by the URL's order or dropped (store-wide)
    return RefundQuery(order_id=order_id, parent_exclude=id_list("parent_exclude", query),
                       include=id_list("include", query), exclude=id_list("exclude", query),
                       search=query.first.get("search") or None, **date_filters(query),
                       **sorting(query, REFUND_ORDERBY, "date", "desc"))


def add_refund_routes(router: APIRouter, state: WooState, key: Any) -> None:
    @router.get("/orders/{order_id:int}/refunds")
    async def list_order_refunds(order_id: int, request: Request, caller: ApiKey | None = key) -> Response:
        query = Query(request)
        page, refunds = parse_page(query.first), refund_query(query, order_id)
        require(caller, "list")
        return listing(state, request, f"/orders/{order_id}/refunds", state.refunds.query(refunds), page,
                       lambda refund_id: state.orders.refund_json(order_id, refund_id))

    @router.get("/refunds")
    async def list_store_refunds(request: Request, caller: ApiKey | None = key) -> Response:
        query = Query(request)
        page, refunds = parse_page(query.first), refund_query(query, None)
        require(caller, "list")
        return listing(state, request, "/refunds", state.refunds.query(refunds), page, state.refunds.json)
