"""Field values: `{"value": x}` on the wire, plain Python values in the store.

Reading follows Json.NET, which binds the requests of the real endpoint: a number sent for a string field is
converted, numeric text is read as a number, `"true"` as a boolean, and anything else that does not fit is a
binding error (`ValueError` here, a 400 to the client). Writing follows it too: decimals keep the database's
scale (`25.0000`), and date-times carry the instance's UTC offset with as many fraction digits as needed
(`2026-01-05T06:31:28.4-06:00`).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, tzinfo
from decimal import Decimal, InvalidOperation
from typing import Any

MONEY_SCALE = 4  # decimal(19,4): amounts and prices
QUANTITY_SCALE = 6  # decimal(25,6): quantities
_INT_RANGES = {"IntValue": (-(2**31), 2**31 - 1), "ShortValue": (-(2**15), 2**15 - 1), "ByteValue": (0, 255),
               "LongValue": (-(2**63), 2**63 - 1)}
CLR_TYPES = {"StringValue": "String", "DecimalValue": "Decimal", "DateTimeValue": "DateTime",
             "BooleanValue": "Boolean", "IntValue": "Int32", "GuidValue": "Guid", "ShortValue": "Int16",
             "LongValue": "Int64", "DoubleValue": "Double", "ByteValue": "Byte"}


def decimal_scale(field_name: str) -> int:
    return QUANTITY_SCALE if "Qty" in field_name else MONEY_SCALE


def to_milliseconds(moment: datetime) -> datetime:
    """The precision the database keeps: SQL Server `datetime` holds milliseconds (rounded to 1/300 s)."""
    return moment.astimezone(UTC).replace(microsecond=moment.microsecond // 1000 * 1000)


def format_datetime(moment: datetime, zone: tzinfo) -> str:
    local = moment.astimezone(zone)
    text = local.strftime("%Y-%m-%dT%H:%M:%S")
    if local.microsecond:
        text += f".{local.microsecond:06d}".rstrip("0")
    offset = local.strftime("%z")
    return f"{text}{offset[:3]}:{offset[3:]}"


def parse_datetime(text: str, zone: tzinfo) -> datetime:
    """ISO 8601; without an offset the time is the instance's local time, as the endpoint reads it."""
    moment = datetime.fromisoformat(text.strip())
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return to_milliseconds(moment)


def _decimal(raw: Any) -> Decimal:
    if isinstance(raw, bool):
        raise ValueError("a boolean is not a number")
    if isinstance(raw, int | Decimal | float):
        number = Decimal(str(raw))
    elif isinstance(raw, str):
        try:
            number = Decimal(raw.strip())
        except InvalidOperation:
            raise ValueError("not a number") from None
    else:
        raise ValueError("not a number")
    if not number.is_finite():
        raise ValueError("not a finite number")
    return number


def _integer(value_type: str, raw: Any) -> int:
    number = _decimal(raw)
    if number != number.to_integral_value():
        raise ValueError("not an integer")
    low, high = _INT_RANGES.get(value_type, _INT_RANGES["IntValue"])
    if not low <= number <= high:
        raise ValueError("out of range")
    return int(number)


def _boolean(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.strip().lower() in ("true", "false"):
        return raw.strip().lower() == "true"
    raise ValueError("not a boolean")


def _string(raw: Any) -> str:
    if isinstance(raw, str):
        return raw
    if isinstance(raw, bool):
        return "True" if raw else "False"
    if isinstance(raw, int | Decimal | float):
        return str(raw)
    raise ValueError("not a string")


def parse_value(value_type: str, raw: Any, zone: tzinfo) -> Any:
    """The stored form of a wrapped field's `value` member (None clears the field); ValueError if it cannot be
    bound to the field's type."""
    if raw is None:
        return None
    if value_type == "StringValue":
        return _string(raw)
    if value_type in ("DecimalValue", "DoubleValue"):
        return _decimal(raw)
    if value_type in _INT_RANGES:
        return _integer(value_type, raw)
    if value_type == "BooleanValue":
        return _boolean(raw)
    if value_type == "DateTimeValue":
        if not isinstance(raw, str):
            raise ValueError("not a date")
        return parse_datetime(raw, zone)
    if value_type == "GuidValue":
        return str(uuid.UUID(_string(raw)))
    raise ValueError(f"unknown value type {value_type}")


def render_value(value_type: str, field_name: str, value: Any, zone: tzinfo) -> dict[str, Any]:
    """The wire form of a stored value: `{}` when it has none, as the endpoint sends an empty field."""
    if value is None:
        return {}
    if value_type in ("DecimalValue", "DoubleValue"):
        return {"value": Decimal(value).quantize(Decimal(1).scaleb(-decimal_scale(field_name)))}
    if value_type == "DateTimeValue":
        return {"value": format_datetime(value, zone)}
    return {"value": value}
