"""The endpoint's contract, read from Acumatica's own OpenAPI document for `Default/24.200.001`.

The sandbox never lists an entity's fields by hand: what a request may name and what a response carries come
from the published document (`spec/`), so a field the real endpoint lacks cannot slip in. A property of an
entity schema is one of three kinds: a wrapped value (`StringValue`, `DecimalValue`, ...), a linked entity (one
nested object, e.g. `Customer.MainContact`) or a detail collection (an array, e.g. `SalesInvoice.Details`).
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

SPEC_PATH = Path(__file__).parent / "spec" / "Default_24.200.001.json"
ENDPOINT_NAME = "Default"
ENDPOINT_VERSION = "24.200.001"

VALUE_TYPES = frozenset({"StringValue", "DecimalValue", "DateTimeValue", "BooleanValue", "IntValue", "GuidValue",
                         "ShortValue", "LongValue", "DoubleValue", "ByteValue"})
"""The wrapper schemas `{value, error}`. (`AttributeValue` is a detail entity despite its name.)"""

ENTITY_BASE = "Entity"
BASE_PROPERTIES = frozenset({"id", "rowNumber", "note", "custom", "error", "files"})
"""Properties every entity inherits from the spec's `Entity` schema."""

_REF_PREFIX = "#/components/schemas/"

FieldKind = Literal["value", "linked", "detail"]


@dataclass(frozen=True)
class Field:
    name: str
    kind: FieldKind
    type: str
    """The value type (`DecimalValue`) for a value, else the schema name of the linked or detail entity."""


@dataclass(frozen=True)
class EntityShape:
    name: str
    fields: dict[str, Field]

    def values(self) -> list[Field]:
        return [field for field in self.fields.values() if field.kind == "value"]

    def field(self, name: str) -> Field | None:
        return self.fields.get(name)


@functools.cache
def spec_document() -> dict[str, Any]:
    """The published OpenAPI document, parsed once (treat as read-only)."""
    document: dict[str, Any] = json.loads(SPEC_PATH.read_text(encoding="utf-8-sig"))
    return document


def spec_bytes() -> bytes:
    return SPEC_PATH.read_bytes()


def _ref_name(node: dict[str, Any]) -> str | None:
    ref = node.get("$ref")
    return ref[len(_REF_PREFIX):] if isinstance(ref, str) and ref.startswith(_REF_PREFIX) else None


def _own_properties(schema: dict[str, Any]) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    for part in schema.get("allOf", [schema]):
        if _ref_name(part) == ENTITY_BASE:
            continue
        properties.update(part.get("properties", {}))
    return properties


def _field(name: str, node: dict[str, Any]) -> Field | None:
    target = _ref_name(node)
    if target is not None:
        return Field(name, "value" if target in VALUE_TYPES else "linked", target)
    if node.get("type") == "array":
        item = _ref_name(node.get("items", {}))
        if item is not None:
            return Field(name, "detail", item)
    return None


@functools.cache
def entity(name: str) -> EntityShape:
    """The shape of one entity schema (top-level, linked or detail); KeyError when the document lacks it."""
    schema = spec_document()["components"]["schemas"][name]
    fields = {}
    for field_name, node in _own_properties(schema).items():
        if field_name in BASE_PROPERTIES:
            continue
        field = _field(field_name, node)
        if field is not None:
            fields[field_name] = field
    return EntityShape(name, fields)


@functools.cache
def top_level_entities() -> frozenset[str]:
    """Entities the endpoint serves at `/<Entity>` (a list and an upsert)."""
    paths = spec_document()["paths"]
    return frozenset(path[1:] for path, item in paths.items()
                     if path.count("/") == 1 and "get" in item and "put" in item)


@functools.cache
def actions(entity_name: str) -> frozenset[str]:
    """The named actions of a top-level entity (`ReleaseSalesInvoice`), from its `POST /<Entity>/<Action>` paths."""
    prefix = f"/{entity_name}/"
    return frozenset(path[len(prefix):] for path, item in spec_document()["paths"].items()
                     if path.startswith(prefix) and "post" in item and "/" not in path[len(prefix):]
                     and not path.endswith("{actionName}"))
