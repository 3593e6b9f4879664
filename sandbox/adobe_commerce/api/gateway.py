"""What every `/V1` route does first: the store code in the path must be one the store has, and the caller must be
authenticated for the route's ACL resource. Also the request log."""

from __future__ import annotations

from fastapi import Request

from sandbox.adobe_commerce.auth import Caller, Incoming
from sandbox.adobe_commerce.errors import MagentoError
from sandbox.adobe_commerce.state import StoreState

NO_SUCH_STORE = "The store that was requested wasn't found. Verify the store and try again."


def signed_url(request: Request) -> str:
    """The URL the client signed: scheme, host and path, without the query."""
    return f"{request.url.scheme}://{request.url.netloc}{request.url.path}"


def authorize(state: StoreState, request: Request, resource: str) -> Caller:
    store_code = request.path_params.get("store_code")
    if store_code is not None and store_code not in ("all", "default", state.options.store_code):
        raise MagentoError(404, NO_SUCH_STORE)
    incoming = Incoming(
        method=request.method,
        url=signed_url(request),
        query=request.url.query,
        authorization=request.headers.get("authorization", ""),
    )
    return state.auth.authenticate(
        incoming, resource, state.now(), integration_as_bearer=state.options.integration_as_bearer
    )
