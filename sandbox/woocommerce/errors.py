"""WordPress REST error responses: `{"code", "message", "data": {"status", ...}}`."""

from __future__ import annotations

from typing import Any


class WooError(Exception):
    """An error the store answers with; `data` carries extra keys WordPress puts next to `status`."""

    def __init__(self, code: str, message: str, status: int, headers: dict[str, str] | None = None,
                 **data: Any):
        super().__init__(message)
        self.code, self.message, self.status = code, message, status
        self.headers = headers or {}
        self.data = data

    def body(self) -> dict:
        return {"code": self.code, "message": self.message, "data": {"status": self.status, **self.data}}


def invalid_param(param: str, reason: str) -> WooError:
    """WordPress core's argument validation failure (`rest_validate_request_arg`)."""
    return WooError("rest_invalid_param", f"Invalid parameter(s): {param}", 400, params={param: reason})


def invalid_id(post_type: str, status: int) -> WooError:
    """The CRUD controllers' unknown-id error: 404 on read/delete, 400 on update."""
    return WooError(f"woocommerce_rest_{post_type}_invalid_id", "Invalid ID.", status)


NO_ROUTE = WooError("rest_no_route", "No route was found matching the URL and request method.", 404)
