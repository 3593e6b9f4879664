"""BigCommerce's error bodies: v3 ``{status, title, type, errors}`` or ``{"data": [...]}``, v2 lists."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import requests

from erplink.http.error_bodies import field_messages, joined, json_body, non_empty, text_excerpt


def _bigcommerce_item(item: Mapping[str, Any]) -> tuple[str | None, str | None]:
    code = non_empty(item.get("code")) or non_empty(item.get("status"))
    message = joined(non_empty(item.get("title")) or non_empty(item.get("message")), field_messages(item.get("errors")))
    return code, message


def bigcommerce_error(response: requests.Response) -> tuple[str | None, str | None]:
    """v3 ``{status, title, type, errors}``, v3 ``{"data": [{status, title, type}]}``, v2 ``{"errors": [...]}``
    and the v2 list ``[{"status": 404, "message": "…"}]``."""
    body = json_body(response)
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
        return None, text_excerpt(response)
    parsed = [_bigcommerce_item(i) for i in items]
    return parsed[0][0], "; ".join(m for _, m in parsed if m) or None
