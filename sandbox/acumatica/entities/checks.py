"""The checks entities share, with the messages worded as the endpoint words its own ("'Customer Name' cannot
be empty.", "Inventory ID 'X' cannot be found in the system."); the wording is the sandbox's."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sandbox.acumatica.records import Record, flag

CENT = Decimal("0.01")


def display_name(field: str) -> str:
    """`CustomerID` → `Customer ID`, `QtyOnHand` → `Qty On Hand`: how the endpoint names a field in errors."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ", field)


def cannot_be_empty(field: str) -> str:
    return f"'{display_name(field)}' cannot be empty."


def not_found_in_system(field: str, value: Any) -> str:
    return f"{display_name(field)} '{value}' cannot be found in the system."


def not_allowed(field: str, value: Any) -> str:
    return f"'{value}' is not a valid value for {display_name(field)}."


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def require(record: Record, *fields: str) -> None:
    for field in fields:
        if is_blank(record.get(field)):
            flag(record, field, cannot_be_empty(field))


def one_of(record: Record, field: str, allowed: tuple[str, ...]) -> None:
    """Check a drop-down field; a value is matched whatever its case and stored as the list spells it."""
    value = record.get(field)
    if value is None:
        return
    spelled = {option.casefold(): option for option in allowed}.get(str(value).strip().casefold())
    if spelled is None:
        flag(record, field, not_allowed(field, value))
    else:
        record[field] = spelled
