"""Request-scoped dependencies shared by the tenant's routes: the tenant itself and the bearer check."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from sandbox.qad.tenant import TenantStore
from sandbox.qad.tokens import unauthorized

TENANT_SCOPE_KEY = "qad.tenant"
"""Where the dispatcher puts the tenant a request is for, in the ASGI scope."""

# auto_error=False: a missing header must give this API's 401 envelope, not FastAPI's 403.
_bearer_scheme = HTTPBearer(auto_error=False, description="Token from /api/auth/login or /oauth2/token")


def tenant_store(request: Request) -> TenantStore:
    store: TenantStore = request.scope[TENANT_SCOPE_KEY]
    return store


Tenant = Annotated[TenantStore, Depends(tenant_store)]


def authenticated(
    tenant: Tenant,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer_scheme)],
) -> dict[str, Any]:
    """The verified token claims of the caller; 401 when the bearer token is missing, invalid or expired."""
    if credentials is None:
        raise unauthorized("missing bearer token")
    return tenant.tokens.verify(credentials.credentials)


Authenticated = Depends(authenticated)
