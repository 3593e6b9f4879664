"""Admin routes under `/__admin__/acumatica/`: the in-process handle (`AcumaticaState`) over HTTP, for the demo
and end-to-end tests. They bypass the instance's sign-in, so they answer loopback callers only.

`POST reset`; `POST tokens/revoke`; `POST sessions/expire`; `GET sessions`; `PUT licence {"api_users": n}`;
`PUT rate-limit {"requests_per_minute": n | null}`; `GET` / `DELETE requests`; `GET documents/<Entity>`;
`GET` / `PATCH documents/<Entity>/<key>[/<key>]` (PATCH takes wrapped fields, as a PUT would, and skips the
business checks); `POST documents/<Entity>/touch {"keys": [[...], ...]}` (one shared `LastModifiedDateTime`, as a
mass update gives); `PUT stock/<InventoryID>/<WarehouseID> {"on_hand", "allocated", "committed"}`.
"""

from __future__ import annotations

import ipaddress
import json
from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from sandbox.acumatica.errors import AcumaticaError, http_error
from sandbox.acumatica.state import AcumaticaState

ADMIN_PREFIX = "/__admin__/acumatica"


def _loopback_only(request: Request) -> None:
    host = request.client.host if request.client else ""
    try:
        allowed = ipaddress.ip_address(host).is_loopback
    except ValueError:
        allowed = False
    if not allowed:
        raise AcumaticaError(403, http_error("admin routes answer loopback callers only"))


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Licence(_Body):
    api_users: int = Field(ge=1)


class RateLimit(_Body):
    requests_per_minute: int | None = Field(default=None, ge=1)


class Touch(_Body):
    keys: list[list[str]]


class Stock(_Body):
    on_hand: Decimal | None = None
    allocated: Decimal | None = None
    committed: Decimal | None = None


def build_admin_router(state: AcumaticaState) -> APIRouter:
    router = APIRouter(prefix=ADMIN_PREFIX, dependencies=[Depends(_loopback_only)], include_in_schema=False)

    @router.post("/reset", status_code=204)
    def reset() -> Response:
        state.reset()
        return Response(status_code=204)

    @router.post("/tokens/revoke", status_code=204)
    def revoke_tokens() -> Response:
        state.revoke_tokens()
        return Response(status_code=204)

    @router.post("/sessions/expire")
    def expire_sessions() -> dict[str, int]:
        return {"ended": state.expire_sessions()}

    @router.get("/sessions")
    def sessions() -> list[dict[str, Any]]:
        return state.open_sessions()

    @router.put("/licence", status_code=204)
    def licence(body: Licence) -> Response:
        state.set_licence_cap(body.api_users)
        return Response(status_code=204)

    @router.put("/rate-limit", status_code=204)
    def rate_limit(body: RateLimit) -> Response:
        state.set_rate_cap(body.requests_per_minute)
        return Response(status_code=204)

    @router.get("/requests")
    def requests_log() -> list[dict[str, Any]]:
        return state.request_log()

    @router.delete("/requests", status_code=204)
    def clear_requests() -> Response:
        state.clear_request_log()
        return Response(status_code=204)

    @router.get("/documents/{entity_name}")
    def documents(entity_name: str) -> list[dict[str, Any]]:
        return state.documents(entity_name)

    @router.post("/documents/{entity_name}/touch")
    def touch(entity_name: str, body: Touch) -> list[dict[str, Any]]:
        return state.touch(entity_name, [tuple(keys) for keys in body.keys])

    @router.get("/documents/{entity_name}/{keys:path}")
    def document(entity_name: str, keys: str) -> dict[str, Any]:
        return state.document(entity_name, *keys.split("/"))

    @router.patch("/documents/{entity_name}/{keys:path}")
    async def alter(entity_name: str, keys: str, request: Request) -> dict[str, Any]:
        fields = json.loads(await request.body() or b"{}", parse_float=Decimal)
        return state.alter_document(entity_name, tuple(keys.split("/")), fields)

    @router.put("/stock/{inventory_id}/{warehouse_id}")
    def stock(inventory_id: str, warehouse_id: str, body: Stock) -> dict[str, Any]:
        return state.set_stock(inventory_id, warehouse_id, on_hand=body.on_hand, allocated=body.allocated,
                               committed=body.committed)

    return router
