"""What changed between two payloads, field by field (``line_items[0].quantity``), for people to read."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

_MISSING = object()


@dataclass(frozen=True)
class Change:
    path: str
    old: Any  # _MISSING rendered as absent
    new: Any

    @property
    def old_text(self) -> str:
        return _text(self.old)

    @property
    def new_text(self) -> str:
        return _text(self.new)


def _text(value: Any) -> str:
    return "(absent)" if value is _MISSING else json.dumps(value, ensure_ascii=False, default=str)


def _leaves(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict) and value:
        for key in value:
            yield from _leaves(value[key], f"{path}.{key}" if path else str(key))
    elif isinstance(value, list) and value:
        for index, item in enumerate(value):
            yield from _leaves(item, f"{path}[{index}]")
    else:
        yield path, value


def changes(old: Any, new: Any) -> list[Change]:
    """Every leaf that differs, in the new payload's order, then the leaves only the old one has."""
    before, after = dict(_leaves(old)), dict(_leaves(new))
    found = [
        Change(path, before.get(path, _MISSING), value)
        for path, value in after.items()
        if before.get(path, _MISSING) != value
    ]
    found += [Change(path, value, _MISSING) for path, value in before.items() if path not in after]
    return found
