"""BigCommerce's error bodies. v3: `{"status","title","type","errors"}` (orders.v3.yml `errorDetailed_Full`,
webhooks.v3.yml `401_Unauthorized`). v2: `[{"status","message"}]` (orders.v2.oas2.yml `404_Resp`). The
framework's own failures (unknown route, unreadable body) are translated so a client never sees another shape.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

STATUS_CODES_TYPE = "/api-docs/getting-started/api-status-codes"
UNAUTHORIZED_TITLE = (
    "Unauthorized - the v3 Auth client ID or token in the request are not a valid combination for this store."
)
NOT_FOUND_MESSAGE = "The requested resource was not found."
TOO_MANY_REQUESTS_TITLE = "Too many requests"
JSON_TYPE = "application/json"
TITLES = {
    400: "Input is invalid.",
    401: UNAUTHORIZED_TITLE,
    404: NOT_FOUND_MESSAGE,
    405: "Method not allowed",
    413: "The request payload is too large.",
    422: "JSON data is missing or invalid",
    429: TOO_MANY_REQUESTS_TITLE,
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


class BigCommerceError(Exception):
    """An error answer; rendered in the shape of the API version the request went to."""

    def __init__(
        self,
        status: int,
        title: str | None = None,
        errors: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(title or TITLES.get(status, "Error"))
        self.status, self.title = status, title or TITLES.get(status, "Error")
        self.errors, self.headers = errors, headers or {}


def v3_body(status: int, title: str, errors: dict[str, str] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"status": status, "title": title, "type": STATUS_CODES_TYPE}
    if errors is not None:
        body["errors"] = errors
    return body


def v2_body(status: int, message: str) -> list[dict[str, Any]]:
    return [{"status": status, "message": message}]


def is_v2(path: str) -> bool:
    return "/v2/" in path or path.endswith("/v2")


def error_response(path: str, error: BigCommerceError) -> Response:
    body: Any = v2_body(error.status, error.title) if is_v2(path) else v3_body(error.status, error.title, error.errors)
    return Response(json.dumps(body), status_code=error.status, media_type=JSON_TYPE, headers=error.headers)


def fault_response(status: int) -> tuple[bytes, dict[str, str]]:
    """An injected fault: the v3 body and no rate-limit headers; a 429 without them is the platform overload
    the docs describe (api-rate-limits.mdx), not the store's quota."""
    return json.dumps(v3_body(status, TITLES.get(status, "Error"))).encode(), {}


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(BigCommerceError)
    async def bigcommerce_error(request: Request, error: BigCommerceError) -> Response:
        return error_response(request.url.path, error)

    @app.exception_handler(StarletteHTTPException)
    async def framework_error(request: Request, error: StarletteHTTPException) -> Response:
        return error_response(request.url.path, BigCommerceError(error.status_code))

    @app.exception_handler(RequestValidationError)
    async def unreadable(request: Request, error: RequestValidationError) -> Response:
        fields = {
            ".".join(str(part) for part in problem["loc"][1:]) or "body": problem["msg"] for problem in error.errors()
        }
        return error_response(request.url.path, BigCommerceError(422, errors=fields))
