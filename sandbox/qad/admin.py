"""Admin routes under `/__admin__/qad/`: the in-process handle over HTTP, for the demo and end-to-end tests.

They bypass tenant authentication, so they answer only callers on the loopback interface.
"""

from __future__ import annotations

import ipaddress
from decimal import Decimal
from typing import Literal

from fastapi import APIRouter, Depends, Request, Response
from pydantic import Field

from sandbox.qad.records.wire import Code, CurrencyCode, RequestBody, RequiredText
from sandbox.qad.decimals import NonNegativeMoney, NonNegativeQuantity, Quantity
from sandbox.qad.errors import QadError
from sandbox.qad.rate_limit import RateLimit
from sandbox.qad.state import DEFAULT_PRODUCT_LINE, DEFAULT_UOM, QadState
from sandbox.qad.tenant import Document


def _loopback_only(request: Request) -> None:
    host = request.client.host if request.client else ""
    try:
        allowed = ipaddress.ip_address(host).is_loopback
    except ValueError:
        allowed = False
    if not allowed:
        raise QadError(403, "FORBIDDEN", "admin routes answer loopback callers only")


class NewItem(RequestBody):
    item_number: Code
    description: RequiredText
    uom: Code = DEFAULT_UOM
    product_line: Code = DEFAULT_PRODUCT_LINE
    status: Literal["ACTIVE", "INACTIVE"] = "ACTIVE"


class NewPrice(RequestBody):
    price: NonNegativeMoney
    currency: CurrencyCode


class NewStock(RequestBody):
    qty_on_hand: Quantity | None = None
    qty_allocated: NonNegativeQuantity | None = None
    qty_committed: NonNegativeQuantity | None = None


class NewStatus(RequestBody):
    status: Literal["SHIPPED", "INVOICED", "CLOSED"]


class NewRateLimit(RequestBody):
    requests: int
    per_seconds: float


class NewQxtendFaults(RequestBody):
    code: str  # Server or Client
    count: int = Field(ge=0)


class NewLostAnswers(RequestBody):
    count: int = Field(ge=0)


class NewRestLostAnswers(RequestBody):
    entity: str  # journal-entries
    count: int = Field(ge=0)


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def build_admin_router(state: QadState) -> APIRouter:
    router = APIRouter(prefix="/__admin__/qad", dependencies=[Depends(_loopback_only)], include_in_schema=False)

    @router.post("/{tenant}/tokens/expire", status_code=204)
    def expire_tokens(tenant: str) -> Response:
        state.expire_tokens(tenant=tenant)
        return Response(status_code=204)

    @router.post("/{tenant}/items", status_code=201)
    def add_item(tenant: str, body: NewItem) -> Document:
        return state.add_item(
            body.item_number, body.description, uom=body.uom, product_line=body.product_line,
            status=body.status, tenant=tenant,
        )

    @router.post("/{tenant}/items/{item_number}/deactivate")
    def deactivate_item(tenant: str, item_number: str) -> Document:
        return state.set_item_status(item_number, "INACTIVE", tenant=tenant)

    @router.post("/{tenant}/items/{item_number}/activate")
    def activate_item(tenant: str, item_number: str) -> Document:
        return state.set_item_status(item_number, "ACTIVE", tenant=tenant)

    @router.put("/{tenant}/price-lists/{price_list}/prices/{item_number}")
    def set_price(tenant: str, price_list: str, item_number: str, body: NewPrice) -> Document:
        return state.set_price(
            item_number, Decimal(body.price), price_list=price_list, currency=body.currency, tenant=tenant
        )

    @router.put("/{tenant}/inventory/{site}/{location}/{item_number}")
    def set_stock(tenant: str, site: str, location: str, item_number: str, body: NewStock) -> Document:
        return state.set_stock(
            item_number, site, location, on_hand=_decimal(body.qty_on_hand),
            allocated=_decimal(body.qty_allocated), committed=_decimal(body.qty_committed), tenant=tenant,
        )

    @router.post("/{tenant}/sales-orders/{order_number}/status")
    def set_order_status(tenant: str, order_number: str, body: NewStatus) -> Document:
        return state.set_order_status(order_number, body.status, tenant=tenant)

    @router.get("/{tenant}/documents/{entity}")
    def documents(tenant: str, entity: str) -> list[Document]:
        try:
            return state.documents(entity, tenant=tenant)
        except KeyError as unknown:
            raise QadError(404, "NOT_FOUND", str(unknown.args[0])) from None

    @router.get("/{tenant}/request-counts")
    def request_counts(tenant: str) -> dict[str, int]:
        return state.request_counts(tenant=tenant)

    @router.delete("/{tenant}/request-counts", status_code=204)
    def reset_request_counts(tenant: str) -> Response:
        state.reset_request_counts(tenant=tenant)
        return Response(status_code=204)

    @router.put("/{tenant}/rate-limit", status_code=204)
    def set_rate_limit(tenant: str, body: NewRateLimit) -> Response:
        try:
            limit = RateLimit(body.requests, body.per_seconds)
        except ValueError as invalid:
            raise QadError(400, "VALIDATION_FAILED", str(invalid), [{"field": "requests"}]) from None
        state.set_rate_limit(limit, tenant=tenant)
        return Response(status_code=204)

    @router.post("/{tenant}/qxtend-faults", status_code=204)
    def inject_qxtend_faults(tenant: str, body: NewQxtendFaults) -> Response:
        """The next `count` QDocs are answered with a SOAP fault of `code` (Server: retryable; Client: not)."""
        state.inject_qxtend_faults(body.code, body.count, tenant=tenant)
        return Response(status_code=204)

    @router.post("/{tenant}/qxtend-lost-answers", status_code=204)
    def lose_qxtend_answers(tenant: str, body: NewLostAnswers) -> Response:
        """The next `count` maintain QDocs are committed, then answered with HTTP 500 (a fault after the write)."""
        state.lose_qxtend_answers(body.count, tenant=tenant)
        return Response(status_code=204)

    @router.post("/{tenant}/gl-periods/{year}/{period}/open", status_code=204)
    def open_gl_period(tenant: str, year: int, period: int) -> Response:
        state.set_gl_period(year, period, is_open=True, tenant=tenant)
        return Response(status_code=204)

    @router.post("/{tenant}/gl-periods/{year}/{period}/close", status_code=204)
    def close_gl_period(tenant: str, year: int, period: int) -> Response:
        state.set_gl_period(year, period, is_open=False, tenant=tenant)
        return Response(status_code=204)

    @router.post("/{tenant}/lost-answers", status_code=204)
    def lose_answers(tenant: str, body: NewRestLostAnswers) -> Response:
        """The next `count` REST writes of `entity` are committed, then answered with HTTP 500."""
        state.lose_answers(body.entity, body.count, tenant=tenant)
        return Response(status_code=204)

    @router.delete("/{tenant}/rate-limit", status_code=204)
    def lift_rate_limit(tenant: str) -> Response:
        state.set_rate_limit(None, tenant=tenant)
        return Response(status_code=204)

    return router

