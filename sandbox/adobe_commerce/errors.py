"""Magento's web API error bodies: `{"message": "...%1...", "parameters": ...}`, worded as Magento words them."""

from __future__ import annotations

import json
import secrets
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

NOT_AUTHORIZED = "The consumer isn't authorized to access %resources."
NO_SUCH_ENTITY = "The entity that was requested doesn't exist. Verify the entity and try again."
NO_ROUTE = "Request does not match any route."
BAD_SIGNATURE = "The signature is invalid. Verify and try again."
NONCE_USED = "The nonce is already being used by the consumer with ID %1"
BAD_TIMESTAMP = "Incorrect timestamp value in the oauth_timestamp parameter"
BAD_SIGN_IN = (
    "The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later."
)


def wrong_type(field: str, value: str, expected: str) -> str:
    """A nested input value of the wrong type: Magento fills the placeholders into the message itself (the web
    API re-throws the rendered text), so the answer carries no `parameters`."""
    return (
        f'Error occurred during "{field}" processing. The "{value}" value\'s type is invalid. '
        f'The "{expected}" type was expected. Verify and try again.'
    )


INTERNAL = "Internal Error. Details are available in Magento log file. Report ID: %1"


class MagentoError(Exception):
    def __init__(self, status: int, message: str, parameters: list[Any] | dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.parameters = status, message, parameters

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"message": self.message}
        if self.parameters is not None:
            body["parameters"] = self.parameters
        return body


def not_authorized(resource: str) -> MagentoError:
    return MagentoError(401, NOT_AUTHORIZED, {"resources": resource})


def no_such_entity() -> MagentoError:
    return MagentoError(404, NO_SUCH_ENTITY)


def internal_error() -> MagentoError:
    """What production mode shows for an exception it does not map (an unknown column in a filter, say): the
    details go to the log under a report id."""
    return MagentoError(500, INTERNAL.replace("%1", f"webapi-{secrets.token_hex(6)}"))


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(MagentoError)
    async def magento_error(_: Request, error: MagentoError) -> JSONResponse:
        return JSONResponse(error.body(), status_code=error.status)

    @app.exception_handler(StarletteHTTPException)
    async def routing_error(_: Request, error: StarletteHTTPException) -> JSONResponse:
        if error.status_code in (404, 405):
            return JSONResponse({"message": NO_ROUTE}, status_code=404)
        return JSONResponse({"message": str(error.detail)}, status_code=error.status_code)

    @app.exception_handler(RequestValidationError)
    async def bad_input(_: Request, error: RequestValidationError) -> JSONResponse:
        return JSONResponse({"message": "Invalid request."}, status_code=400)


def fault_response(status: int) -> tuple[bytes, dict[str, str]]:
    """An injected error as Magento shapes it: 429 is the 2.4.7+ backpressure body, anything else the production
    mode internal error."""
    body = {"message": "Too Many Requests"} if status == 429 else internal_error().body()
    return json.dumps(body).encode(), {"content-type": "application/json; charset=utf-8"}
