"""`POST integration/admin/token`: an admin user's bearer token, a JSON string, valid for the configured lifetime."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body

from sandbox.adobe_commerce.state import StoreState


def build_router(state: StoreState) -> APIRouter:
    router = APIRouter()

    @router.post("/integration/admin/token")
    def admin_token(body: Any = Body(None)) -> str:  # noqa: B008
        sign_in = body if isinstance(body, dict) else {}
        return state.auth.issue_admin_token(
            sign_in.get("username"), sign_in.get("password"), state.now(), state.options.admin_token_lifetime_s
        )

    return router
