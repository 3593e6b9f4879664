"""JSON in and out: decimals read exactly and written with their scale, as the endpoint's Json.NET does."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from fastapi.responses import Response

from sandbox.acumatica.errors import JSON_TYPE, invalid_request

JSON_MEDIA_TYPES = ("application/json", "text/json")


def _encode(value: Any, out: list[str]) -> None:
    if isinstance(value, dict):
        out.append("{")
        for index, (key, member) in enumerate(value.items()):
            out.append(("," if index else "") + json.dumps(str(key), ensure_ascii=False) + ":")
            _encode(member, out)
        out.append("}")
    elif isinstance(value, list | tuple):
        out.append("[")
        for index, member in enumerate(value):
            if index:
                out.append(",")
            _encode(member, out)
        out.append("]")
    elif isinstance(value, Decimal):
        out.append(format(value, "f"))  # never exponent notation
    else:
        out.append(json.dumps(value, ensure_ascii=False))


def dumps(value: Any) -> bytes:
    out: list[str] = []
    _encode(value, out)
    return "".join(out).encode("utf-8")


class WireResponse(Response):
    media_type = JSON_TYPE

    def render(self, content: Any) -> bytes:
        return dumps(content)


def read_json(body: bytes, *, parameter: str) -> Any:
    """The parsed body with numbers as exact decimals; a missing or malformed one is the 400 Web API gives when
    it cannot bind the action's `parameter` (`entity` for a PUT, `invocation` for an action)."""
    if not body.strip():
        raise invalid_request({parameter: ["A non-empty request body is required."]})
    try:
        return json.loads(body, parse_float=Decimal)
    except (ValueError, UnicodeDecodeError) as error:
        raise invalid_request({parameter: [f"Unexpected character encountered while parsing value: {error}"]}) \
            from None
