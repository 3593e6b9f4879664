"""Browse filters as QAD writes them: repeated `filter=<table.field>,<op>,<value>,literal`.

Ops: eq, sw (starts with), ew (ends with), cn (contains), gt, ge, lt, le, and rg (`<field>,rg,<from>,literal,
<to>,literal`). Character fields compare as text without case, as Progress OpenEdge compares them by default (so
part `10` sorts before part `9`); number fields compare as numbers. The fourth part names how the value is meant
(`literal`, or left empty as some clients send it); the sandbox takes nothing else. A value holding a comma cannot
be sent.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from sandbox.qad.errors import QadError

_VALUE_KINDS = {"literal", ""}


def _number(value: str) -> Decimal | None:
    try:
        number = Decimal(value)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _both(left: Any, right: str) -> tuple[Any, Any]:
    """A number column compares as numbers; a character column as text without case, digits or not."""
    if isinstance(left, int | float | Decimal) and not isinstance(left, bool):
        number = _number(right)
        if number is not None:
            return Decimal(str(left)), number
    return str("" if left is None else left).casefold(), right.casefold()


_OPS: dict[str, Callable[[Any, str], bool]] = {
    "eq": lambda v, x: (lambda a, b: a == b)(*_both(v, x)),
    "gt": lambda v, x: (lambda a, b: a > b)(*_both(v, x)),
    "ge": lambda v, x: (lambda a, b: a >= b)(*_both(v, x)),
    "lt": lambda v, x: (lambda a, b: a < b)(*_both(v, x)),
    "le": lambda v, x: (lambda a, b: a <= b)(*_both(v, x)),
    "sw": lambda v, x: str(v or "").casefold().startswith(x.casefold()),
    "ew": lambda v, x: str(v or "").casefold().endswith(x.casefold()),
    "cn": lambda v, x: x.casefold() in str(v or "").casefold(),
}


def bad_filter(text: str, why: str) -> QadError:
    return QadError(400, "INVALID_PARAMETER", f"filter {text!r}: {why}", [{"field": "filter"}])


@dataclass(frozen=True)
class BrowseFilter:
    field: str
    op: str
    values: tuple[str, ...]

    @classmethod
    def parse(cls, text: str, columns: frozenset[str]) -> BrowseFilter:
        parts = text.split(",")
        if len(parts) < 3:
            raise bad_filter(text, "expected <table.field>,<op>,<value>,literal")
        field, op = parts[0], parts[1]
        if field not in columns:
            raise bad_filter(text, f"{field} is not a column of this browse")
        if op == "rg":
            if len(parts) != 6 or parts[3] not in _VALUE_KINDS or parts[5] not in _VALUE_KINDS:
                raise bad_filter(text, "a range is <table.field>,rg,<from>,literal,<to>,literal")
            return cls(field, op, (parts[2], parts[4]))
        if op not in _OPS:
            raise bad_filter(text, f"unknown operator {op!r}; one of {', '.join(sorted(_OPS))}, rg")
        if len(parts) != 4 or parts[3] not in _VALUE_KINDS:
            raise bad_filter(text, "expected <table.field>,<op>,<value>,literal")
        return cls(field, op, (parts[2],))

    def admits(self, row: Mapping[str, Any]) -> bool:
        value = row.get(self.field)
        if self.op == "rg":
            return _OPS["ge"](value, self.values[0]) and _OPS["le"](value, self.values[1])
        return _OPS[self.op](value, self.values[0])
