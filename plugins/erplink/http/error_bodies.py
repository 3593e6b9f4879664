"""Read the vendor's own error code and message out of an error response body.

Each parser takes the response and returns ``(code, message)``, either possibly ``None``. None raises: a body
that is not the expected shape yields what can be read, so the HTTP error itself is never lost to a parse
failure. Here are the parsers of the standards (OAuth 2.0 token endpoints), the best effort for any other body,
and the helpers a system's own parser (``erplink.systems.<system>.error_body``) is built from; the shapes are
the ones recorded per system in API-FACTS.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import requests

ErrorParser = Callable[[requests.Response], tuple[str | None, str | None]]

# Enough of a non-JSON body (an HTML error page) to recognise it, not enough to flood a log line.
_TEXT_LIMIT = 300


def json_body(response: requests.Response) -> Any:
    """The parsed JSON body; None when the body is not JSON."""
    try:
        return response.json()
    except ValueError:
        return None


def text_excerpt(response: requests.Response) -> str | None:
    """The start of a body that is not the expected shape, on one line (None when empty)."""
    text = " ".join((response.text or "").split())
    return text[:_TEXT_LIMIT] or None


def non_empty(value: Any) -> str | None:
    """The value as text; None for a missing or empty one."""
    return None if value is None or value == "" else str(value)


def joined(*parts: str | None) -> str | None:
    """``"a: b"`` from the parts that are there; None when none is."""
    kept = [p for p in parts if p]
    return ": ".join(kept) if kept else None


def field_messages(errors: Any) -> str | None:
    """``{"name": "bad", "sku": ["taken", "too long"]}`` → ``"name: bad; sku: taken, too long"``."""
    if isinstance(errors, Mapping):
        items = []
        for field, messages in errors.items():
            if isinstance(messages, list):
                messages = ", ".join(str(m) for m in messages)
            items.append(f"{field}: {messages}")
        return "; ".join(items) or None
    if isinstance(errors, list):
        return "; ".join(str(e) for e in errors) or None
    return non_empty(errors)


def oauth2_error(response: requests.Response) -> tuple[str | None, str | None]:
    """RFC 6749 5.2 ``{"error": "invalid_grant", "error_description": "…"}`` from a token endpoint."""
    body = json_body(response)
    if isinstance(body, Mapping) and isinstance(body.get("error"), str):
        return body["error"], non_empty(body.get("error_description"))
    return generic_error(response)


def generic_error(response: requests.Response) -> tuple[str | None, str | None]:
    """Best effort for an unknown system: the usual ``code``/``message``/``title``/``error`` keys, else text."""
    body = json_body(response)
    if isinstance(body, Mapping):
        error = body.get("error")
        if isinstance(error, Mapping):
            return non_empty(error.get("code")), non_empty(error.get("message"))
        code = non_empty(body.get("code")) or (error if isinstance(error, str) else None)
        message = (
            non_empty(body.get("message"))
            or non_empty(body.get("title"))
            or non_empty(body.get("error_description"))
            or non_empty(body.get("detail"))
        )
        if code or message:
            return code, message
    return None, text_excerpt(response)
