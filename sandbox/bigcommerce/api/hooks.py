"""v3 webhook subscriptions: `POST/GET /hooks`, `GET/PUT /hooks/{id}` (webhooks.v3.yml)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, Request

from sandbox.bigcommerce.api.v3_pages import page_of
from sandbox.bigcommerce.errors import BigCommerceError
from sandbox.bigcommerce.hook_registry import HookRefused
from sandbox.bigcommerce.state import StoreState


def build_router(state: StoreState) -> APIRouter:
    router = APIRouter()

    @router.post("/hooks")
    def create_hook(body: Any = Body(...)) -> dict[str, Any]:  # noqa: B008 - FastAPI's way to take any JSON
        if not isinstance(body, dict):
            raise BigCommerceError(400)
        try:
            hook = state.hooks.create(body, state.now())
        except HookRefused as refused:
            raise BigCommerceError(422, refused.title, refused.errors) from None
        return {"data": hook.document(), "meta": {}}

    @router.get("/hooks")
    def list_hooks(request: Request) -> dict[str, Any]:
        query = request.query_params
        active = query.get("is_active")
        rows = [
            hook.document()
            for hook in sorted(state.hooks.hooks.values(), key=lambda hook: hook.id)
            if query.get("scope") in (None, hook.scope)
            and query.get("destination") in (None, hook.destination)
            and (active is None or str(hook.is_active).lower() == active.lower())
        ]
        return page_of(rows, query)

    @router.get("/hooks/{webhook_id}")
    def get_hook(webhook_id: int) -> dict[str, Any]:
        hook = state.hooks.hooks.get(webhook_id)
        if hook is None:
            raise BigCommerceError(404, "Webhook not found")
        return {"data": hook.document(), "meta": {}}

    @router.put("/hooks/{webhook_id}")
    def update_hook(webhook_id: int, body: Any = Body(...)) -> dict[str, Any]:  # noqa: B008
        if not isinstance(body, dict):
            raise BigCommerceError(400)
        try:
            hook = state.hooks.update(webhook_id, body, state.now())
        except HookRefused as refused:
            raise BigCommerceError(422, refused.title, refused.errors) from None
        if hook is None:
            raise BigCommerceError(404, "Webhook not found")
        return {"data": hook.document(), "meta": {}}

    return router
