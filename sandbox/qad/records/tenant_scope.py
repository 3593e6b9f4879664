"""The tenant a request is for: the dispatcher puts it in the ASGI scope, routes take it from there."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from sandbox.qad.tenant import TenantStore

TENANT_SCOPE_KEY = "qad.tenant"
"""Where the dispatcher puts the tenant a request is for, in the ASGI scope."""


def tenant_store(request: Request) -> TenantStore:
    store: TenantStore = request.scope[TENANT_SCOPE_KEY]
    return store


Tenant = Annotated[TenantStore, Depends(tenant_store)]
