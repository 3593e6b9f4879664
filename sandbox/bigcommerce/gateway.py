"""The API gateway in front of every store route: the store hash and `X-Auth-Token` check (401), the per-store
quota (429 with the reset time), the four rate-limit headers on every answer, and the request log.

The gateway answers before any version's code runs, so its 401 and 429 carry the v3 body
(webhooks.v3.yml `401_Unauthorized`) on v2 paths too (an assumption for v2, README).
"""

from __future__ import annotations

import hmac
import json
import re
from collections.abc import Awaitable, Callable

from fastapi import Request, Response

from sandbox.bigcommerce.errors import JSON_TYPE, TITLES, v3_body
from sandbox.bigcommerce.state import StoreState

ADMIN_PREFIX = "/__admin__/"
STORE_PATH = re.compile(r"^/stores/(?P<store_hash>[^/]+)/(?P<version>v2|v3)(?:/|$)")


def _refusal(status: int) -> Response:
    return Response(json.dumps(v3_body(status, TITLES[status])), status_code=status, media_type=JSON_TYPE)


def build_gateway(
    state: StoreState,
) -> Callable[[Request, Callable[[Request], Awaitable[Response]]], Awaitable[Response]]:
    async def gateway(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        path = request.url.path
        if path.startswith(ADMIN_PREFIX):
            return await call_next(request)
        now = state.clock()
        match = STORE_PATH.match(path)
        token = request.headers.get("x-auth-token", "")
        if match and (
            match["store_hash"] != state.options.store_hash
            or not hmac.compare_digest(token.encode(), state.credentials.access_token.encode())
        ):
            response = _refusal(401)
        elif match and not state.quota.spend(now):
            response = _refusal(429)
        else:
            response = await call_next(request)
        response.headers.update(state.quota.headers(now))
        state.log.record(request.method, path, request.url.query, response.status_code)
        return response

    return gateway
