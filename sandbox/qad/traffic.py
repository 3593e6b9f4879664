"""What every request to a tenant passes through first: the request budget, then the per-endpoint count."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import Request, Response
from starlette.routing import Match

from sandbox.qad.records.tenant_scope import TENANT_SCOPE_KEY
from sandbox.qad.errors import QadError, error_response
from sandbox.qad.tenant import TenantStore


BROWSE_ROUTES = ("/clouderp/api/qracore/browses", "/clouderp/api/qracore/browses/totalCount")


def endpoint_key(request: Request) -> str:
    """`POST /clouderp/api/erp/salesOrderHeaders`: the method and route template the request hits, or the raw
    path when no route matches. A browse is keyed with its id as well (`...browses?browseId=urn:browse:mfg:so803`):
    one route serves every list, and what is listed is what a count is for."""
    for route in request.app.router.routes:
        match, _ = route.matches(request.scope)
        if match == Match.FULL:
            path = getattr(route, "path", request.url.path)
            browse_id = request.query_params.get("browseId")
            if path.rstrip("/") in BROWSE_ROUTES and browse_id:
                return f"{request.method} {path}?browseId={browse_id}"
            return f"{request.method} {path}"
    path, mount_point = request.scope["path"], request.scope.get("root_path", "")
    return f"{request.method} {path.removeprefix(mount_point) if mount_point else path}"


async def meter_request(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    tenant: TenantStore = request.scope[TENANT_SCOPE_KEY]
    with tenant.lock:
        tenant.request_counts[endpoint_key(request)] += 1
        wait_s = tenant.budget.spend()
    if wait_s is not None:
        return error_response(
            QadError(429, "RATE_LIMITED", f"request budget exhausted; retry in {wait_s}s",
                     headers={"Retry-After": str(wait_s)})
        )
    return await call_next(request)
