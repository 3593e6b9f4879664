"""The Query Service's `Filter`: a 4GL `where` clause, read as far as erplink and the README's examples need.

Clauses `field op value` joined by `and`; `op` one of = <> > >= < <=; a value is a string in double quotes (`~`
escapes the next character, Progress's escape), a date `mm/dd/yyyy`, or a number. Strings compare without case,
as the 4GL does. Anything else is refused with the position it stopped at.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

_CLAUSE = re.compile(r'\s*([A-Za-z][\w-]*)\s*(<>|>=|<=|=|>|<)\s*("(?:[^"~]|~.)*"|[^\s"]+)\s*', re.DOTALL)
_AND = re.compile(r"and\b", re.IGNORECASE)
_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "=": lambda a, b: a == b, "<>": lambda a, b: a != b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b,
    "<": lambda a, b: a < b, "<=": lambda a, b: a <= b,
}  # fmt: skip

Condition = tuple[str, str, Any]
Row = Mapping[str, Any]


class FilterError(ValueError):
    pass


def _literal(token: str) -> Any:
    if token.startswith('"'):
        return re.sub(r"~(.)", r"\1", token[1:-1], flags=re.DOTALL).lower()
    try:
        return datetime.strptime(token, "%m/%d/%Y").date()
    except ValueError:
        pass
    try:
        return Decimal(token)
    except InvalidOperation:
        raise FilterError(f"{token!r} is neither a quoted string, a date mm/dd/yyyy nor a number") from None


def parse(text: str, known_fields: set[str]) -> list[Condition]:
    conditions: list[Condition] = []
    position, text = 0, text or ""
    while position < len(text.rstrip()):
        match = _CLAUSE.match(text, position)
        if match is None:
            raise FilterError(f"cannot read the filter at character {position}: {text[position : position + 30]!r}")
        name, op, token = match.group(1).lower(), match.group(2), match.group(3)
        if name not in known_fields:
            raise FilterError(f"unknown field {name} (the profile filters on {', '.join(sorted(known_fields))})")
        conditions.append((name, op, _literal(token)))
        position = match.end()
        follow = _AND.match(text, position)
        if follow:
            position = follow.end()
        elif position < len(text.rstrip()):
            raise FilterError(f"expected 'and' at character {position}")
    return conditions


def _comparable(value: Any, like: Any) -> Any:
    if isinstance(like, str):
        return str(value or "").lower()
    if isinstance(like, date):
        return date.fromisoformat(str(value)[:10]) if value else date.min
    return Decimal(str(value or 0))


def matches(row_fields: Row, conditions: list[Condition]) -> bool:
    """`row_fields` by 4GL field name (e.g. `so_po`)."""
    return all(_OPS[op](_comparable(row_fields.get(name), value), value) for name, op, value in conditions)
