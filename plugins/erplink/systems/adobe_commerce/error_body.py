"""Adobe Commerce (Magento) error bodies: a message with ``%1``/``%name`` placeholders and its parameters."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import requests

from erplink.http.error_bodies import json_body, non_empty, text_excerpt

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
    body = json_body(response)
    if not isinstance(body, Mapping) or "message" not in body:
        return None, text_excerpt(response)
    message = _magento_fill(str(body["message"]), body.get("parameters"))
    details = [
        _magento_fill(str(e["message"]), e.get("parameters"))
        for e in body.get("errors") or []
        if isinstance(e, Mapping) and e.get("message")
    ]
    if details:
        message = f"{message} ({'; '.join(details)})"
    return non_empty(body.get("code")), message
