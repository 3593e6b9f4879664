"""Acumatica's error bodies: ``HttpError`` or a 422 entity with an error beside each rejected field."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import requests

from erplink.http.error_bodies import field_messages, joined, json_body, non_empty, text_excerpt


def _acumatica_field_errors(entity: Mapping[str, Any], path: str = "") -> list[str]:
    # A 422 returns the entity itself with an "error" string beside each rejected field's value, in linked
    # entities and detail lines too: each is named by its path (`Details[1].InventoryID`).
    errors = []
    for field, value in entity.items():
        name = f"{path}{field}"
        if isinstance(value, Mapping):
            if "value" in value or set(value) <= {"error"}:  # a value field (an empty one is `{}`)
                if value.get("error"):
                    errors.append(f"{name}: {value['error']}")
            elif field != "custom":
                errors.extend(_acumatica_field_errors(value, f"{name}."))
        elif isinstance(value, list):
            for index, row in enumerate(value):
                if isinstance(row, Mapping):
                    errors.extend(_acumatica_field_errors(row, f"{name}[{index}]."))
    return errors


def acumatica_error(response: requests.Response) -> tuple[str | None, str | None]:
    """``HttpError {message, exceptionMessage, exceptionType, modelState}`` or a 422 entity with field errors."""
    body = json_body(response)
    if not isinstance(body, Mapping):
        return None, text_excerpt(response)
    if "message" in body or "exceptionMessage" in body:
        message = joined(
            non_empty(body.get("exceptionMessage")) or non_empty(body.get("message")),
            field_messages(body.get("modelState")),
        )
        return non_empty(body.get("exceptionType")), message
    fields = "; ".join(_acumatica_field_errors(body)) or None
    return None, joined(non_empty(body.get("error")), fields) or text_excerpt(response)
