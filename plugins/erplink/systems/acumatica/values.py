"""Acumatica's field wrapping, both directions, in one place: every field travels as ``{"value": ...}``.

An entity sent to Acumatica wraps each value field; a linked entity (one nested object) and a detail collection (a
list) are entities themselves, wrapped field by field. An entity read back is unwrapped the same way. A value the
answer does not wrap, or wraps with the wrong type, is reported with the field's path (``MappingError``), never
guessed at: a misread price or quantity must not reach the store.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from erplink.mappings.errors import MappingError

# Members of an entity that are not value fields and travel as they are.
RAW_MEMBERS = frozenset({"id", "rowNumber", "note", "custom", "error", "files", "_links", "delete"})


def wrap(entity: Mapping[str, Any]) -> dict[str, Any]:
    """``{"Qty": Decimal("2")}`` → ``{"Qty": {"value": "2"}}``; None fields are left out (unchanged on the server)."""
    wrapped: dict[str, Any] = {}
    for name, value in entity.items():
        if value is None:
            continue
        if name in RAW_MEMBERS:
            wrapped[name] = value
        elif isinstance(value, Mapping):
            wrapped[name] = wrap(value)
        elif isinstance(value, (list, tuple)):
            wrapped[name] = [wrap(row) for row in value]
        else:
            wrapped[name] = {"value": _wire(value)}
    return wrapped


def _wire(value: Any) -> Any:
    # Decimals as text: Json.NET reads numeric text into a decimal field without the rounding a float brings.
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    return value


class Unwrapped:
    """Reads the value fields of one entity as Acumatica answered it; ``where`` names it in errors."""

    def __init__(self, entity: Mapping[str, Any], where: str) -> None:
        if not isinstance(entity, Mapping):
            raise MappingError(where, f"expected an entity object, got {type(entity).__name__}")
        self._entity = entity
        self.where = where

    @property
    def id(self) -> str | None:
        value = self._entity.get("id")
        return value if isinstance(value, str) else None

    def raw(self, name: str) -> Any:
        """The unwrapped value (None for an empty or absent field); an unwrapped scalar is refused."""
        node = self._entity.get(name)
        if node is None:
            return None
        if not isinstance(node, Mapping):
            raise MappingError(self.where, f'{name}: expected {{"value": ...}}, got a bare {type(node).__name__}')
        return node.get("value")

    def text(self, name: str) -> str | None:
        value = self.raw(name)
        if value is None:
            return None
        if not isinstance(value, str):
            raise MappingError(self.where, f"{name}: expected text, got {value!r}")
        return value

    def decimal(self, name: str) -> Decimal | None:
        value = self.raw(name)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise MappingError(self.where, f"{name}: expected a number, got {value!r}")
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            raise MappingError(self.where, f"{name}: expected a number, got {value!r}") from None
        if not number.is_finite():
            raise MappingError(self.where, f"{name}: expected a number, got {value!r}")
        return number

    def stamp(self, name: str) -> datetime | None:
        value = self.text(name)
        if value is None:
            return None
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise MappingError(self.where, f"{name}: expected a date-time, got {value!r}") from None
        if parsed.tzinfo is None:
            raise MappingError(self.where, f"{name}: {value!r} has no UTC offset")
        return parsed.astimezone(UTC)

    def details(self, name: str) -> list[Unwrapped]:
        rows = self._entity.get(name) or []
        if not isinstance(rows, list):
            raise MappingError(self.where, f"{name}: expected a list of rows, got {type(rows).__name__}")
        return [Unwrapped(row, f"{self.where} {name}[{index}]") for index, row in enumerate(rows)]


def unwrap(entity: Mapping[str, Any]) -> dict[str, Any]:
    """The entity with each ``{"value": v}`` replaced by ``v`` (``{}`` by None), linked and detail entities too."""
    plain: dict[str, Any] = {}
    for name, node in entity.items():
        if name in RAW_MEMBERS:
            plain[name] = node
        elif isinstance(node, list):
            plain[name] = [unwrap(row) if isinstance(row, Mapping) else row for row in node]
        elif isinstance(node, Mapping):
            if "value" in node or not node:
                plain[name] = node.get("value")
            else:
                plain[name] = unwrap(node)
        else:
            plain[name] = node
    return plain
