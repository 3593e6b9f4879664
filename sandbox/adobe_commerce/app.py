"""The ASGI app: the store's `/V1` routes under `/rest/<store_code>/V1` and `/rest/V1` (the default store), admin
routes under `/__admin__/adobe_commerce/`, and the request log."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response

from sandbox.adobe_commerce.admin import ADMIN_PREFIX, build_admin_router
from sandbox.adobe_commerce.api import catalog, people, sales, tokens
from sandbox.adobe_commerce.errors import install_error_handlers
from sandbox.adobe_commerce.state import StoreState


def build_app(state: StoreState) -> FastAPI:
    app = FastAPI(title="Adobe Commerce sandbox", openapi_url=None, docs_url=None, redoc_url=None)
    install_error_handlers(app)
    app.include_router(build_admin_router(state))
    for module in (sales, people, catalog, tokens):
        router = module.build_router(state)
        app.include_router(router, prefix="/rest/{store_code}/V1")
        app.include_router(router, prefix="/rest/V1")

    @app.middleware("http")
    async def log_requests(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        if not request.url.path.startswith(ADMIN_PREFIX):
            scheme = request.headers.get("authorization", "").partition(" ")[0].lower() or None
            state.log.add(
                {
                    "method": request.method,
                    "path": request.url.path,
                    "query": request.url.query,
                    "auth": scheme,  # the scheme only: never a credential
                    "status": response.status_code,
                }
            )
        return response

    return app
