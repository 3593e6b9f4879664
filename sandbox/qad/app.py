"""The ASGI app: tenants side by side under `/tenants/<tenant>`, admin routes under `/__admin__/qad/`.

The tenant API (QAD's REST under `/clouderp`) is one stateless FastAPI app, built once per process; a dispatcher
picks the tenant from the URL, hands it over in the ASGI scope and moves the mount point into `root_path`, so
every tenant sees paths relative to its own URL, as a client of a real instance does. QAD publishes no OpenAPI
document, and neither does the sandbox.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

from fastapi import FastAPI
from starlette.types import Receive, Scope, Send

from sandbox.qad.admin import build_admin_router
from sandbox.qad.errors import error_response, install_error_handlers, not_found
from sandbox.qad.qxtend.service import router as qxtend_router
from sandbox.qad.records.tenant_scope import TENANT_SCOPE_KEY
from sandbox.qad.rest import ROUTERS as QAD_REST_ROUTERS
from sandbox.qad.state import QadState
from sandbox.qad.tenant import TenantStore
from sandbox.qad.traffic import meter_request

TENANTS_PREFIX = "/tenants"


@functools.cache
def tenant_api() -> FastAPI:
    app = FastAPI(title="QAD REST API", version="1.0", openapi_url=None, docs_url=None, redoc_url=None)
    install_error_handlers(app)
    for router in QAD_REST_ROUTERS:
        app.include_router(router)
    app.include_router(qxtend_router)
    app.middleware("http")(meter_request)
    return app


class TenantDispatcher:
    """Mounted at `/tenants`: routes `/<tenant>/...` to the business API on behalf of that tenant."""

    def __init__(self, tenants: Mapping[str, TenantStore]) -> None:
        self._tenants = dict(tenants)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        root_path = scope.get("root_path", "")
        name = scope["path"][len(root_path) :].lstrip("/").split("/", 1)[0]
        tenant = self._tenants.get(name)
        if tenant is None:
            if scope["type"] == "http":
                await error_response(not_found(f"tenant {name}"))(scope, receive, send)
            return
        await tenant_api()(
            {**scope, "root_path": f"{root_path}/{name}", TENANT_SCOPE_KEY: tenant}, receive, send
        )


def build_app(tenants: Mapping[str, TenantStore], state: QadState) -> FastAPI:
    app = FastAPI(title="QAD sandbox", openapi_url=None, docs_url=None, redoc_url=None)
    install_error_handlers(app)
    app.include_router(build_admin_router(state))
    app.mount(TENANTS_PREFIX, TenantDispatcher(tenants))
    return app
