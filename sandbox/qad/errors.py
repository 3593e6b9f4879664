"""QAD's bare error body and the handlers that turn every failure into it.

`{"errors": [{"severity": 1, "code": "<HTTP status>", "message": "...", "fieldName": "..."}]}` is what QAD's
gateway answers (QAD-FACTS §1.5). Framework errors are translated too, so a client never sees a body in another
shape: a malformed query parameter or body is 400 naming the field in `fieldName`. A business write QAD refuses
is not an error here: it is answered 200 with `submitResult` (`rest/documents.py`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
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


def error_response(error: QadError) -> JSONResponse:
    field_name = str(error.details[0].get("field", "")) if error.details else ""
    return JSONResponse(
        qad_errors_body(error.status_code, error.message, field_name),
        status_code=error.status_code,
        headers=error.headers,
    )


REST_BASE = "/clouderp"
"""Where QAD's own REST API hangs under a tenant URL (`https://<tenant>.qad.com/clouderp`)."""


def qad_errors_body(status_code: int, message: str, field_name: str = "") -> dict[str, Any]:
    """QAD's bare error body, as its gateway answers a refused call (e.g. a 403 "Access is denied")."""
    return {"errors": [{"severity": 1, "code": str(status_code), "message": message, "fieldName": field_name}]}


def _field_name(location: Sequence[str | int]) -> str:
    """`("body", "lines", 0, "quantity")` → `lines[0].quantity`; the body itself is `body`."""
    parts = list(location[1:]) if location and location[0] in _PARAMETER_LOCATIONS | {"body"} else list(location)
    name = ""
    for part in parts:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or "body"


async def _on_qad_error(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, QadError)
    return error_response(error)


async def _on_validation_error(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    problems = error.errors()
    in_parameters = any(problem["loc"] and problem["loc"][0] in _PARAMETER_LOCATIONS for problem in problems)
    details = [{"field": _field_name(problem["loc"]), "message": problem["msg"]} for problem in problems]
    code = "INVALID_PARAMETER" if in_parameters else "VALIDATION_FAILED"
    summary = "; ".join(f"{detail['field']}: {detail['message']}" for detail in details)
    return error_response(QadError(400, code, summary, details))


async def _on_http_error(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    codes = {404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED"}
    code = codes.get(error.status_code, "INTERNAL" if error.status_code >= 500 else "BAD_REQUEST")
    return error_response(QadError(error.status_code, code, str(error.detail), headers=error.headers))


async def _on_unexpected_error(_: Request, error: Exception) -> JSONResponse:
    return error_response(QadError(500, "INTERNAL", "internal error"))


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(QadError, _on_qad_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    app.add_exception_handler(Exception, _on_unexpected_error)
