"""Type checks WordPress applies to JSON body fields before a controller sees them (`rest_validate_value_from_schema`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sandbox.woocommerce.errors import invalid_param

BOOLEAN_WORDS = (True, False, "true", "false", "1", "0", 1, 0)


def _is_type(value: Any, expected: str) -> bool:
    if expected == "string":
        return isinstance(value, str)
    if expected == "integer":
        if isinstance(value, bool):
            return False
        if isinstance(value, int):
            return True
        return isinstance(value, str) and value.lstrip("-").isdigit()
    if expected == "boolean":
        return value in BOOLEAN_WORDS and not isinstance(value, float)
    if expected == "array":
        return isinstance(value, list)
    if expected == "object":
        return isinstance(value, dict)
    raise ValueError(expected)


def check_fields(body: Mapping[str, Any], types: Mapping[str, str], enums: Mapping[str, tuple[str, ...]],
                 nullable: frozenset[str] = frozenset()) -> None:
    for name, expected in types.items():
        if name not in body or (body[name] is None and name in nullable):
            continue
        if not _is_type(body[name], expected):
            raise invalid_param(name, f"{name} is not of type {expected}.")
    for name, allowed in enums.items():
        if name in body and body[name] not in allowed:
            raise invalid_param(name, f"{name} is not one of {', '.join(allowed)}.")


def as_bool(value: Any) -> bool:
    return value in (True, "true", "1", 1)
