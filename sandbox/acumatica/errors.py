"""Acumatica's error bodies: the spec's `HttpError` (`message`, `exceptionMessage`, `exceptionType`, `modelState`)
for protocol and server errors, and the framework's own failures translated into it, so a client never sees a
body in another shape. (A 422 is not here: it answers the entity itself, see `rendering.py`.)
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

GENERIC_MESSAGE = "An error has occurred."
INVALID_REQUEST_MESSAGE = "The request is invalid."
NOT_LOGGED_IN_MESSAGE = "Authorization has been denied for this request."
LOGIN_LIMIT_MESSAGE = "API Login Limit"
INVALID_CREDENTIALS_MESSAGE = "Invalid credentials. Please try again."
RATE_LIMIT_MESSAGE = "The limit of API requests per minute set by the license has been reached."
NO_ENTITY_MESSAGE = "No entity satisfies the condition."
PX_EXCEPTION = "PX.Data.PXException"
NO_ENTITY_EXCEPTION = "PX.Api.ContractBased.NoEntitySatisfiesTheConditionException"
JSON_TYPE = "application/json; charset=utf-8"


def http_error(message: str, *, exception_message: str | None = None, exception_type: str | None = None,
               model_state: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """An `HttpError` body; absent members are left out (the spec types them as strings, not nulls)."""
    body: dict[str, Any] = {"message": message}
    if exception_message is not None:
        body["exceptionMessage"] = exception_message
    if exception_type is not None:
        body["exceptionType"] = exception_type
    if model_state:
        body["modelState"] = model_state
    return body


class AcumaticaError(Exception):
    """An answer other than success, with the body Acumatica gives it."""

    def __init__(self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        super().__init__(body.get("exceptionMessage") or body.get("message") or str(status))
        self.status = status
        self.body = body
        self.headers = headers or {}

    def response(self) -> Response:
        return Response(json.dumps(self.body), status_code=self.status, headers=self.headers, media_type=JSON_TYPE)


def invalid_request(model_state: dict[str, list[str]]) -> AcumaticaError:
    """400 as ASP.NET Web API answers a body it cannot bind (`modelState` names what failed)."""
    return AcumaticaError(400, http_error(INVALID_REQUEST_MESSAGE, model_state=model_state))


def server_error(exception_message: str, exception_type: str = PX_EXCEPTION) -> AcumaticaError:
    """500: how the contract-based API reports an exception raised by the business logic."""
    return AcumaticaError(500, http_error(GENERIC_MESSAGE, exception_message=exception_message,
                                          exception_type=exception_type))


def no_entity() -> AcumaticaError:
    """What a read or action on a record that does not exist answers: the spec declares no 404 for them."""
    return server_error(NO_ENTITY_MESSAGE, NO_ENTITY_EXCEPTION)


def not_logged_in() -> AcumaticaError:
    return AcumaticaError(401, http_error(NOT_LOGGED_IN_MESSAGE))


def login_limit() -> AcumaticaError:
    """Every API-user seat of the licence is taken."""
    return server_error(LOGIN_LIMIT_MESSAGE)


def invalid_credentials() -> AcumaticaError:
    return server_error(INVALID_CREDENTIALS_MESSAGE)


def rate_limited() -> AcumaticaError:
    return AcumaticaError(429, http_error(RATE_LIMIT_MESSAGE))


def precondition_failed(exception_message: str) -> AcumaticaError:
    return AcumaticaError(412, http_error(GENERIC_MESSAGE, exception_message=exception_message,
                                          exception_type=PX_EXCEPTION))


def no_route(url: str) -> AcumaticaError:
    """ASP.NET Web API's answer to a URL no controller serves (an unknown entity, endpoint or version)."""
    return AcumaticaError(404, http_error(f"No HTTP resource was found that matches the request URI '{url}'."))


def method_not_allowed(method: str) -> AcumaticaError:
    return AcumaticaError(405, http_error(f"The requested resource does not support http method '{method}'."))


def not_emulated(what: str) -> AcumaticaError:
    """The endpoint has it, the sandbox does not: said plainly rather than guessed."""
    return AcumaticaError(501, http_error(f"The sandbox does not emulate {what}."))


_FAULT_MESSAGES = {401: NOT_LOGGED_IN_MESSAGE, 429: RATE_LIMIT_MESSAGE}


def fault_response(status: int) -> tuple[bytes, dict[str, str]]:
    """An injected error in the instance's own shape. No `Retry-After`: the facts show none (see README)."""
    if status in _FAULT_MESSAGES:
        body = http_error(_FAULT_MESSAGES[status])
    else:
        body = http_error(GENERIC_MESSAGE, exception_message=f"HTTP {status}", exception_type=PX_EXCEPTION)
    return json.dumps(body).encode(), {"Content-Type": JSON_TYPE}


async def _on_acumatica_error(_: Request, error: Exception) -> Response:
    assert isinstance(error, AcumaticaError)
    return error.response()


async def _on_http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, StarletteHTTPException)
    if error.status_code == 404:
        return no_route(str(request.url)).response()
    if error.status_code == 405:
        return method_not_allowed(request.method).response()
    return AcumaticaError(error.status_code, http_error(str(error.detail))).response()


async def _on_unexpected_error(_: Request, error: Exception) -> Response:
    # The type only: an exception's text could carry request data.
    return server_error(type(error).__name__, "System.Exception").response()


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(AcumaticaError, _on_acumatica_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    app.add_exception_handler(Exception, _on_unexpected_error)
