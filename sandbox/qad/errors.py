"""The tenant's error envelope and the handlers that turn every failure into it.

Framework errors are translated too, so a client never sees a body in another shape: a malformed query
parameter is 400 `INVALID_PARAMETER`, a malformed body 400 `VALIDATION_FAILED`, both naming the field.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

T = TypeVar("T")

_PARAMETER_LOCATIONS = {"query", "path", "header", "cookie"}


class QadError(Exception):
    """A business or protocol error answered with the tenant's error envelope."""

    def __init__(
        self,
        status_code: int,
        code: str,
        message: str,
        details: Sequence[dict[str, Any]] = (),
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.code = code
        self.message = message
        self.details = list(details)
        self.headers = headers


class ErrorInfo(BaseModel):
    code: str
    message: str
    details: list[dict[str, Any]] = []


class ErrorEnvelope(BaseModel):
    error: ErrorInfo


def validation_failed(field: str, message: str) -> QadError:
    return QadError(400, "VALIDATION_FAILED", f"{field}: {message}", [{"field": field, "message": message}])


def not_found(what: str) -> QadError:
    return QadError(404, "NOT_FOUND", f"{what} not found")


def found(documents: Mapping[str, T], key: str, kind: str) -> T:
    """``documents[key]``, or the 404 that names what was missing (e.g. ``kind="sales order"``)."""
    document = documents.get(key)
    if document is None:
        raise not_found(f"{kind} {key}")
    return document


def error_responses(*status_codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` for the listed error statuses, plus `default` for the ones any route may give
    (429, 5xx). Declaring `default` also keeps FastAPI from advertising its own 422 body, which this API
    never returns."""
    described: dict[int | str, dict[str, Any]] = {
        code: {"model": ErrorEnvelope, "description": "Error"} for code in status_codes
    }
    described["default"] = {"model": ErrorEnvelope, "description": "Rate limited or internal error"}
    return described


def error_response(error: QadError) -> JSONResponse:
    body = ErrorEnvelope(error=ErrorInfo(code=error.code, message=error.message, details=error.details))
    return JSONResponse(body.model_dump(mode="json"), status_code=error.status_code, headers=error.headers)


REST_BASE = "/clouderp"
"""Where QAD's own REST API hangs under a tenant URL (`https://<tenant>.qad.com/clouderp`)."""


def qad_errors_body(status_code: int, message: str, field_name: str = "") -> dict[str, Any]:
    """QAD's bare error body, as its gateway answers a refused call (e.g. a 403 "Access is denied")."""
    return {"errors": [{"severity": 1, "code": str(status_code), "message": message, "fieldName": field_name}]}


def speaks_qad_rest(request: Request) -> bool:
    """Whether the request is for QAD's REST API (errors in its bare shape) rather than the stand-in contract."""
    root_path = request.scope.get("root_path", "")
    path: str = request.scope["path"]
    return path.removeprefix(root_path).startswith(REST_BASE + "/") if root_path else path.startswith(REST_BASE)


def _respond(request: Request, error: QadError) -> JSONResponse:
    if not speaks_qad_rest(request):
        return error_response(error)
    field_name = str(error.details[0].get("field", "")) if error.details else ""
    return JSONResponse(
        qad_errors_body(error.status_code, error.message, field_name),
        status_code=error.status_code,
        headers=error.headers,
    )


def _field_name(location: Sequence[str | int]) -> str:
    """`("body", "lines", 0, "quantity")` → `lines[0].quantity`; the body itself is `body`."""
    parts = list(location[1:]) if location and location[0] in _PARAMETER_LOCATIONS | {"body"} else list(location)
    name = ""
    for part in parts:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or "body"


async def _on_qad_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, QadError)
    return _respond(request, error)


async def _on_validation_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    problems = error.errors()
    in_parameters = any(problem["loc"] and problem["loc"][0] in _PARAMETER_LOCATIONS for problem in problems)
    details = [{"field": _field_name(problem["loc"]), "message": problem["msg"]} for problem in problems]
    code = "INVALID_PARAMETER" if in_parameters else "VALIDATION_FAILED"
    summary = "; ".join(f"{detail['field']}: {detail['message']}" for detail in details)
    return _respond(request, QadError(400, code, summary, details))


async def _on_http_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    codes = {404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED"}
    code = codes.get(error.status_code, "INTERNAL" if error.status_code >= 500 else "BAD_REQUEST")
    return _respond(request, QadError(error.status_code, code, str(error.detail), headers=error.headers))


async def _on_unexpected_error(request: Request, error: Exception) -> JSONResponse:
    return _respond(request, QadError(500, "INTERNAL", "internal error"))


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(QadError, _on_qad_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    app.add_exception_handler(Exception, _on_unexpected_error)
