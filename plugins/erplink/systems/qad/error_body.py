"""QAD's error bodies: the gateway's bare ``{"errors": [{code, message, fieldName}]}``, Spring OAuth2's
``{"error", "error_description"}`` from ``oauth/token``, and the stand-in contract's ``{"error": {code, message}}``."""

from __future__ import annotations

from collections.abc import Mapping

import requests

from erplink.http.error_bodies import field_messages, generic_error, joined, json_body, non_empty


def _field_errors(errors: list[object]) -> str | None:
    """``fieldName: message`` of each error, ``; ``-joined (the field left out when QAD names none)."""
    parts = []
    for error in errors:
        if isinstance(error, Mapping):
            parts.append(joined(non_empty(error.get("fieldName")), non_empty(error.get("message"))) or "")
    return "; ".join(p for p in parts if p) or None


def qad_error(response: requests.Response) -> tuple[str | None, str | None]:
    body = json_body(response)
    if isinstance(body, Mapping) and isinstance(body.get("errors"), list):
        first = next((e for e in body["errors"] if isinstance(e, Mapping)), {})
        return non_empty(first.get("code")), _field_errors(body["errors"])
    if isinstance(body, Mapping) and isinstance(body.get("error"), Mapping):
        error = body["error"]
        message = joined(non_empty(error.get("message")), field_messages(error.get("details")))
        return non_empty(error.get("code")), message
    if isinstance(body, Mapping) and isinstance(body.get("error"), str):
        return body["error"], non_empty(body.get("error_description"))
    return generic_error(response)
