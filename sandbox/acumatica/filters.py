"""`$filter`: the OData v3 subset the contract-based endpoint documents.

Operators `eq ne gt ge lt le`, `and`, `or`, parentheses, and the functions `substringof`, `startswith`,
`endswith`. Literals: `'text'` (`''` escapes a quote), numbers (`12`, `12.5`, `12.5m`), `true`/`false`, `null`,
`datetimeoffset'2026-01-05T10:31:28.402+03:00'`, `datetime'2026-01-05T10:31:28'` (instance-local time) and
`guid'…'`. A field is named by its contract name, or through a linked entity (`MainContact/Email`); a detail
field cannot be filtered on. Anything else is a 400, as is comparing a field with a literal of another type.

The filter is evaluated as the database would run it: text compares case-insensitively and ignores trailing
spaces (SQL Server's default collation), and a comparison with an empty (NULL) field is neither true nor false,
so `Status ne 'Active'` does not return records whose `Status` is empty.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime, tzinfo
from decimal import Decimal
from typing import Any

from sandbox.acumatica.contract import EntityShape, entity
from sandbox.acumatica.errors import server_error
from sandbox.acumatica.values import parse_datetime

COMPARISONS = frozenset({"eq", "ne", "gt", "ge", "lt", "le"})
FUNCTIONS = {"substringof": "__contains__", "startswith": "startswith", "endswith": "endswith"}
_NUMERIC = frozenset({"DecimalValue", "DoubleValue", "IntValue", "ShortValue", "LongValue", "ByteValue"})
_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<typed>(?:datetimeoffset|datetime|guid)'(?:[^']|'')*')
  | (?P<string>'(?:[^']|'')*')
  | (?P<number>-?\d+(?:\.\d+)?[mMdDfFlL]?)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*(?:/[A-Za-z_][A-Za-z0-9_]*)*)
  | (?P<punct>[(),])
""", re.VERBOSE)

Truth = bool | None  # None: unknown, as SQL compares with NULL


def invalid_filter(reason: str) -> Exception:
    return server_error(f"The $filter parameter is invalid: {reason}")


@dataclass(frozen=True)
class Literal:
    kind: str  # string, number, bool, null, datetime, guid
    value: Any

    def evaluate(self, record: dict[str, Any]) -> Any:
        return self.value


@dataclass(frozen=True)
class FieldRef:
    path: tuple[str, ...]
    value_type: str

    @property
    def kind(self) -> str:
        if self.value_type in _NUMERIC:
            return "number"
        return {"StringValue": "string", "BooleanValue": "bool", "DateTimeValue": "datetime",
                "GuidValue": "guid"}[self.value_type]

    def evaluate(self, record: dict[str, Any]) -> Any:
        value: Any = record
        for name in self.path:
            value = value.get(name) if isinstance(value, dict) else None
        return value


Operand = Literal | FieldRef


def _text(value: Any) -> str:
    return str(value).rstrip().casefold()


def _compare(op: str, left: Any, right: Any) -> Truth:
    if left is None or right is None:
        if op in ("eq", "ne") and (left is None and right is None):
            return op == "eq"
        return None
    if isinstance(left, str) or isinstance(right, str):
        left, right = _text(left), _text(right)
    if op == "eq":
        return bool(left == right)
    if op == "ne":
        return bool(left != right)
    if op == "gt":
        return bool(left > right)
    if op == "ge":
        return bool(left >= right)
    if op == "lt":
        return bool(left < right)
    return bool(left <= right)


@dataclass(frozen=True)
class Compare:
    op: str
    left: Operand
    right: Operand

    def evaluate(self, record: dict[str, Any]) -> Truth:
        return _compare(self.op, self.left.evaluate(record), self.right.evaluate(record))


@dataclass(frozen=True)
class Call:
    function: str
    text: Operand
    part: Operand

    def evaluate(self, record: dict[str, Any]) -> Truth:
        text, part = self.text.evaluate(record), self.part.evaluate(record)
        if text is None or part is None:
            return None
        return bool(getattr(_text(text), FUNCTIONS[self.function])(str(part).casefold()))


@dataclass(frozen=True)
class Logical:
    op: str
    left: Expression
    right: Expression

    def evaluate(self, record: dict[str, Any]) -> Truth:
        left, right = self.left.evaluate(record), self.right.evaluate(record)
        decisive = self.op == "or"  # `or` is decided by a true side, `and` by a false one
        if left is decisive or right is decisive:
            return decisive
        if left is None or right is None:
            return None
        return not decisive


Expression = Compare | Call | Logical


class _Parser:
    def __init__(self, text: str, shape: EntityShape, zone: tzinfo) -> None:
        self.shape = shape
        self.zone = zone
        self.tokens: list[tuple[str, str]] = []
        position = 0
        while position < len(text):
            match = _TOKEN.match(text, position)
            if match is None:
                raise invalid_filter(f"unexpected character at position {position}")
            position = match.end()
            if match.lastgroup != "space":
                self.tokens.append((match.lastgroup or "", match.group()))
        self.index = 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.peek()
        if token is None:
            raise invalid_filter("the expression ends too early")
        self.index += 1
        return token

    def expect(self, text: str) -> None:
        if self.take()[1] != text:
            raise invalid_filter(f"'{text}' expected")

    def at_word(self, *words: str) -> bool:
        token = self.peek()
        return token is not None and token[0] == "name" and token[1] in words

    def parse(self) -> Expression:
        expression = self.disjunction()
        if self.peek() is not None:
            raise invalid_filter(f"unexpected '{self.peek()[1]}'")  # type: ignore[index]
        return expression

    def disjunction(self) -> Expression:
        expression = self.conjunction()
        while self.at_word("or"):
            self.take()
            expression = Logical("or", expression, self.conjunction())
        return expression

    def conjunction(self) -> Expression:
        expression = self.condition()
        while self.at_word("and"):
            self.take()
            expression = Logical("and", expression, self.condition())
        return expression

    def condition(self) -> Expression:
        if self.peek() == ("punct", "("):
            self.take()
            inner = self.disjunction()
            self.expect(")")
            return inner
        if self.at_word(*FUNCTIONS):
            return self.call()
        left = self.operand()
        if not self.at_word(*COMPARISONS):
            if isinstance(left, FieldRef) and left.kind == "bool":
                return Compare("eq", left, Literal("bool", True))
            raise invalid_filter("a comparison operator (eq, ne, gt, ge, lt, le) expected")
        op = self.take()[1]
        return self.checked(Compare(op, left, self.operand()))

    def call(self) -> Call:
        function = self.take()[1]
        self.expect("(")
        first = self.operand()
        self.expect(",")
        second = self.operand()
        self.expect(")")
        # substringof('part', Field); startswith(Field, 'part'); endswith(Field, 'part')
        text, part = (second, first) if function == "substringof" else (first, second)
        if not isinstance(text, FieldRef) or text.kind != "string" or part.kind not in ("string", "null"):
            raise invalid_filter(f"{function} takes a text field and a text literal")
        return Call(function, text, part)

    def operand(self) -> Operand:
        kind, text = self.take()
        if kind == "string":
            return Literal("string", text[1:-1].replace("''", "'"))
        if kind == "number":
            return Literal("number", Decimal(text.rstrip("mMdDfFlL")))
        if kind == "typed":
            return self.typed(text)
        if kind == "name" and text in ("true", "false"):
            return Literal("bool", text == "true")
        if kind == "name" and text == "null":
            return Literal("null", None)
        if kind == "name" and text not in COMPARISONS | {"and", "or"}:
            return self.field(text)
        raise invalid_filter(f"unexpected '{text}'")

    def typed(self, text: str) -> Literal:
        prefix, quoted = text.split("'", 1)
        body = quoted[:-1].replace("''", "'")
        try:
            if prefix == "guid":
                return Literal("guid", str(uuid.UUID(body)))
            moment: datetime = parse_datetime(body, self.zone)
        except ValueError:
            raise invalid_filter(f"{text} is not a valid {prefix} literal (URL-encode a '+' offset as %2B)") \
                from None
        return Literal("datetime", moment)

    def field(self, path: str) -> FieldRef:
        shape = self.shape
        names = path.split("/")
        for depth, name in enumerate(names):
            found = shape.field(name)
            if found is None:
                raise invalid_filter(f"{shape.name} has no field '{name}'")
            if found.kind == "detail":
                raise invalid_filter(f"'{path}' is a field of a detail entity; filtering on details is not supported")
            if found.kind == "value":
                if depth != len(names) - 1:
                    raise invalid_filter(f"'{name}' is not a linked entity")
                return FieldRef(tuple(names), found.type)
            shape = entity(found.type)
        raise invalid_filter(f"'{path}' is an entity, not a field")

    def checked(self, comparison: Compare) -> Compare:
        kinds = {comparison.left.kind, comparison.right.kind} - {"null"}
        if len(kinds) > 1 and kinds != {"guid", "string"}:
            raise invalid_filter(f"cannot compare {' with '.join(sorted(kinds))}")
        if kinds == {"bool"} and comparison.op not in ("eq", "ne"):
            raise invalid_filter(f"booleans take eq or ne, not {comparison.op}")
        return comparison


def parse_filter(text: str, shape: EntityShape, zone: tzinfo) -> Expression:
    return _Parser(text, shape, zone).parse()


def matches(expression: Expression | None, record: dict[str, Any]) -> bool:
    return expression is None or expression.evaluate(record) is True
