"""The ASGI app: the instance under its site path, admin routes under `/__admin__/acumatica/`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response

from sandbox.acumatica.admin import ADMIN_PREFIX, build_admin_router
from sandbox.acumatica.api import endpoint, sign_in
from sandbox.acumatica.errors import install_error_handlers
from sandbox.acumatica.state import AcumaticaState


def build_app(state: AcumaticaState) -> FastAPI:
    instance = state.instance
    app = FastAPI(title="Acumatica sandbox", openapi_url=None, docs_url=None, redoc_url=None)
    install_error_handlers(app)
    app.include_router(build_admin_router(state))
    app.include_router(sign_in.build_router(instance))
    app.include_router(endpoint.build_router(instance))

    @app.middleware("http")
    async def log_requests(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        if not request.url.path.startswith(ADMIN_PREFIX):
            instance.log.record(request.method, request.url.path, request.url.query, response.status_code)
        return response

    return app
