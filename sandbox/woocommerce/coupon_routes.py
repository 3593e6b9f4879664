"""Coupon routes: `GET coupons` and `GET coupons/{id}` (see coupons.py)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from sandbox.woocommerce.auth import ApiKey, require
from sandbox.woocommerce.coupons import COUPON_ORDERBY, CouponQuery
from sandbox.woocommerce.http import Query, json_response, listing
from sandbox.woocommerce.params import parse_page
from sandbox.woocommerce.query_args import check_typed, date_filters, id_list, sorting
from sandbox.woocommerce.state import WooState


def add_coupon_routes(router: APIRouter, state: WooState, key: Any) -> None:
    @router.get("/coupons")
    async def list_coupons(request: Request, caller: ApiKey | None = key) -> Response:
        query = Query(request)
        page = parse_page(query.first)
        check_typed(query, enums={"context": ("view", "edit")})
        coupons = CouponQuery(
            code=query.first.get("code"), status=query.first.get("status") or "any",
            include=id_list("include", query), exclude=id_list("exclude", query),
            search=query.first.get("search") or None, **date_filters(query),
            **sorting(query, COUPON_ORDERBY, "date", "desc"))
        require(caller, "list")
        return listing(state, request, "/coupons", state.coupons.query(coupons), page, state.coupons.json)

    @router.get("/coupons/{coupon_id:int}")
    async def get_coupon(coupon_id: int, caller: ApiKey | None = key) -> Response:
        require(caller, "view")
        return json_response(state.coupons.json(coupon_id))
