"""Read the vendor's own error code and message out of an error response body.

Each parser takes the response and returns ``(code, message)``, either possibly ``None``. None raises: a body
that is not the expected shape yields what can be read, so the HTTP error itself is never lost to a parse
failure. The shapes are the ones recorded per system in API-FACTS.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

import requests

ErrorParser = Callable[[requests.Response], tuple[str | None, str | None]]

# Enough of a non-JSON body (an HTML error page) to recognise it, not enough to flood a log line.
_TEXT_LIMIT = 300


def _json(response: requests.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _text(response: requests.Response) -> str | None:
    text = " ".join((response.text or "").split())
    return text[:_TEXT_LIMIT] or None


def _str(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)


def _join(*parts: str | None) -> str | None:
    kept = [p for p in parts if p]
    return ": ".join(kept) if kept else None


def _field_messages(errors: Any) -> str | None:
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
    return _str(errors)


def woocommerce_error(response: requests.Response) -> tuple[str | None, str | None]:
    """``{"code": "woocommerce_rest_…", "message": "…", "data": {"status": 400}}``."""
    body = _json(response)
    if isinstance(body, Mapping) and ("code" in body or "message" in body):
        return _str(body.get("code")), _str(body.get("message"))
    return None, _text(response)


def _bigcommerce_item(item: Mapping[str, Any]) -> tuple[str | None, str | None]:
    code = _str(item.get("code")) or _str(item.get("status"))
    message = _join(_str(item.get("title")) or _str(item.get("message")), _field_messages(item.get("errors")))
    return code, message


def bigcommerce_error(response: requests.Response) -> tuple[str | None, str | None]:
    """v3 ``{status, title, type, errors}``, v3 ``{"data": [{status, title, type}]}``, v2 ``{"errors": [...]}``
    and the v2 list ``[{"status": 404, "message": "…"}]``."""
    body = _json(response)
    items: list[Mapping[str, Any]] = []
    if isinstance(body, list):
        items = [i for i in body if isinstance(i, Mapping)]
    elif isinstance(body, Mapping):
        if "title" in body or "message" in body:
            return _bigcommerce_item(body)
        for key in ("data", "errors"):
            if isinstance(body.get(key), list):
                items = [i for i in body[key] if isinstance(i, Mapping)]
                break
    if not items:
        return None, _text(response)
    parsed = [_bigcommerce_item(i) for i in items]
    return parsed[0][0], "; ".join(m for _, m in parsed if m) or None


_MAGENTO_PLACEHOLDER = re.compile(r"%(\w+)")


def _magento_fill(message: str, parameters: Any) -> str:
    """Magento's ``%1``/``%2`` (list parameters, 1-based) and ``%name`` (object parameters) placeholders."""
    if isinstance(parameters, list):
        lookup = {str(i): v for i, v in enumerate(parameters, start=1)}
    elif isinstance(parameters, Mapping):
        lookup = {str(k): v for k, v in parameters.items()}
    else:
        return message
    return _MAGENTO_PLACEHOLDER.sub(lambda m: str(lookup.get(m[1], m[0])), message)


def magento_error(response: requests.Response) -> tuple[str | None, str | None]:
    """``{"message": "Invalid product data: %1", "parameters": [...], "errors": [...], "code": …}``."""
    body = _json(response)
    if not isinstance(body, Mapping) or "message" not in body:
        return None, _text(response)
    message = _magento_fill(str(body["message"]), body.get("parameters"))
    details = [
        _magento_fill(str(e["message"]), e.get("parameters"))
        for e in body.get("errors") or []
        if isinstance(e, Mapping) and e.get("message")
    ]
    if details:
        message = f"{message} ({'; '.join(details)})"
    return _str(body.get("code")), message


def _acumatica_field_errors(entity: Mapping[str, Any]) -> str | None:
    # A 422 returns the entity itself with an "error" string beside each rejected field's value.
    errors = []
    for field, value in entity.items():
        if isinstance(value, Mapping) and value.get("error"):
            errors.append(f"{field}: {value['error']}")
    return "; ".join(errors) or None


def acumatica_error(response: requests.Response) -> tuple[str | None, str | None]:
    """``HttpError {message, exceptionMessage, exceptionType, modelState}`` or a 422 entity with field errors."""
    body = _json(response)
    if not isinstance(body, Mapping):
        return None, _text(response)
    if "message" in body or "exceptionMessage" in body:
        message = _join(
            _str(body.get("exceptionMessage")) or _str(body.get("message")),
            _field_messages(body.get("modelState")),
        )
        return _str(body.get("exceptionType")), message
    fields = _acumatica_field_errors(body)
    return None, _join(_str(body.get("error")), fields) or _text(response)


def qad_error(response: requests.Response) -> tuple[str | None, str | None]:
    """``{"error": {"code": "…", "message": "…"}}`` (the emulator's shape; no public QAD spec exists)."""
    body = _json(response)
    if isinstance(body, Mapping) and isinstance(body.get("error"), Mapping):
        error = body["error"]
        return _str(error.get("code")), _join(_str(error.get("message")), _field_messages(error.get("details")))
    return generic_error(response)


def oauth2_error(response: requests.Response) -> tuple[str | None, str | None]:
    """RFC 6749 5.2 ``{"error": "invalid_grant", "error_description": "…"}`` from a token endpoint."""
    body = _json(response)
    if isinstance(body, Mapping) and isinstance(body.get("error"), str):
        return body["error"], _str(body.get("error_description"))
    return generic_error(response)


def generic_error(response: requests.Response) -> tuple[str | None, str | None]:
    """Best effort for an unknown system: the usual ``code``/``message``/``title``/``error`` keys, else text."""
    body = _json(response)
    if isinstance(body, Mapping):
        error = body.get("error")
        if isinstance(error, Mapping):
            return _str(error.get("code")), _str(error.get("message"))
        code = _str(body.get("code")) or (error if isinstance(error, str) else None)
        message = (
            _str(body.get("message"))
            or _str(body.get("title"))
            or _str(body.get("error_description"))
            or _str(body.get("detail"))
        )
        if code or message:
            return code, message
    return None, _text(response)


PARSERS: dict[str, ErrorParser] = {
    "woocommerce": woocommerce_error,
    "bigcommerce": bigcommerce_error,
    "magento": magento_error,
    "acumatica": acumatica_error,
    "qad": qad_error,
}
