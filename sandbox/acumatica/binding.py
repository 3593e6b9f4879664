"""Reading a request body against the contract into a `Draft`: what the client asks to set, field by field.

Two kinds of mistake are told apart, as the endpoint does. A body that cannot be bound at all (a bare scalar
where a `{"value": ...}` object belongs, a value of the wrong JSON type, a detail that is not an array) is
refused as a whole with 400 and ASP.NET's `modelState`, naming every offending path. A field name the contract
does not have is kept aside in `unknown`: the write answers 422 with that field's `error`, like any other field
the business logic rejects.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import tzinfo
from decimal import Decimal
from typing import Any

from sandbox.acumatica.contract import EntityShape, entity
from sandbox.acumatica.errors import invalid_request
from sandbox.acumatica.values import CLR_TYPES, parse_value

IGNORED_MEMBERS = frozenset({"rowNumber", "note", "custom", "error", "files", "_links"})
"""Members a client may send back as it received them; they set nothing here (no custom fields are defined)."""


@dataclass
class Draft:
    """One entity as a request describes it: only what the body names."""

    shape: EntityShape
    id: str | None = None
    delete: bool = False
    values: dict[str, Any] = field(default_factory=dict)
    linked: dict[str, Draft] = field(default_factory=dict)
    details: dict[str, list[Draft]] = field(default_factory=dict)
    unknown: dict[str, Any] = field(default_factory=dict)

    def is_empty(self) -> bool:
        return not (self.values or self.linked or self.details or self.unknown)


def _shown(raw: Any) -> str:
    return json.dumps(raw, default=str)


class _Binder:
    def __init__(self, zone: tzinfo, parameter: str) -> None:
        self.zone = zone
        self.parameter = parameter
        self.problems: dict[str, list[str]] = {}

    def problem(self, path: str, message: str) -> None:
        self.problems.setdefault(f"{self.parameter}.{path}" if path else self.parameter, []).append(message)

    def bind(self, shape: EntityShape, body: Any, path: str) -> Draft:
        draft = Draft(shape)
        if not isinstance(body, dict):
            self.problem(path, f"Error converting value {_shown(body)} to type "
                               f"'PX.Api.ContractBased.Models.{shape.name}'. Path '{path}'.")
            return draft
        for name, raw in body.items():
            where = f"{path}.{name}" if path else name
            if name in IGNORED_MEMBERS:
                continue
            if name == "id":
                self._bind_id(draft, raw, where)
            elif name == "delete":
                draft.delete = raw is True
            elif (found := shape.field(name)) is None:
                draft.unknown[name] = raw
            elif found.kind == "value":
                self._bind_value(draft, name, found.type, raw, where)
            elif found.kind == "linked":
                if raw is not None:
                    draft.linked[name] = self.bind(entity(found.type), raw, where)
            elif isinstance(raw, list):
                draft.details[name] = [self.bind(entity(found.type), line, f"{where}[{index}]")
                                       for index, line in enumerate(raw)]
            elif raw is not None:
                self.problem(where, f"Cannot deserialize the current JSON value into type "
                                    f"'List<{found.type}>' because the type requires a JSON array. Path '{where}'.")
        return draft

    def _bind_id(self, draft: Draft, raw: Any, where: str) -> None:
        if raw is None:
            return
        try:
            draft.id = str(uuid.UUID(str(raw)))
        except ValueError:
            self.problem(where, f"Error converting value {_shown(raw)} to type 'System.Guid'. Path '{where}'.")

    def _bind_value(self, draft: Draft, name: str, value_type: str, raw: Any, where: str) -> None:
        if not isinstance(raw, dict):
            self.problem(where, f"Error converting value {_shown(raw)} to type "
                                f"'PX.Api.ContractBased.Models.{value_type}'. Path '{where}'.")
            return
        if "value" not in raw:
            return  # `{}` sets nothing, as in the responses the client may send back
        try:
            draft.values[name] = parse_value(value_type, raw["value"], self.zone)
        except (ValueError, ArithmeticError):
            shown = raw["value"] if isinstance(raw["value"], str | int | Decimal) else _shown(raw["value"])
            self.problem(f"{where}.value", f"Could not convert {shown} to {CLR_TYPES[value_type]}. "
                                           f"Path '{where}.value'.")


def bind(shape: EntityShape, body: Any, zone: tzinfo, *, parameter: str = "entity") -> Draft:
    """The draft of `body`, or the 400 that names every path that could not be bound."""
    binder = _Binder(zone, parameter)
    draft = binder.bind(shape, body, "")
    if binder.problems:
        raise invalid_request(binder.problems)
    return draft
