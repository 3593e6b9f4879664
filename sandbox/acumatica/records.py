"""Stored records and how a draft changes them.

A record is a plain dict: `id` (the session-independent GUID the endpoint hands out), value fields by name
(Python values), a linked entity as a nested record, a detail collection as a list of records. Keys compare
as SQL Server compares them with its default collation: case-insensitively and ignoring trailing spaces, so
`c000001 ` finds `C000001`.

While a write is checked, problems are attached to the record being written (`ERRORS` per field, `ERROR` for
the record, `UNKNOWN` for names the contract lacks); `rendering.py` turns them into the 422 body, and
`clean` removes them before anything is stored.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from sandbox.acumatica.binding import Draft

Record = dict[str, Any]
ERRORS = "__errors__"
ERROR = "__error__"
UNKNOWN = "__unknown__"
_MARKERS = (ERRORS, ERROR, UNKNOWN)


def new_id() -> str:
    return str(uuid.uuid4())


def normal_key(value: Any) -> str:
    return str(value).rstrip().casefold()


def apply(record: Record, draft: Draft, *, read_only: Iterable[str] = ()) -> None:
    """Merge `draft` into `record` as the endpoint merges a PUT.

    Value fields are set; read-only fields (and read-only linked or detail entities) are ignored, as the
    endpoint ignores a disabled field. A detail line that names an
    existing line's `id` changes that line, or removes it with `"delete": true`; a line without an `id` is
    always added: sending the same lines again adds them again.
    """
    skipped = set(read_only)
    for name, value in draft.values.items():
        if name not in skipped:
            record[name] = value
    for name, linked in draft.linked.items():
        if name not in skipped:
            apply(record.setdefault(name, {"id": new_id()}), linked)
    for name, lines in draft.details.items():
        if name in skipped:
            continue
        rows: list[Record] = record.setdefault(name, [])
        for line in lines:
            match = next((row for row in rows if line.id is not None and row["id"] == line.id), None)
            if match is None and not line.delete:
                row: Record = {"id": new_id()}
                apply(row, line)
                rows.append(row)
            elif match is not None and line.delete:
                rows.remove(match)
            elif match is not None:
                apply(match, line)
    if draft.unknown:
        record.setdefault(UNKNOWN, {}).update(draft.unknown)


def flag(record: Record, field: str, message: str) -> None:
    """Reject one field of `record` with `message` (the first problem of a field is the one reported)."""
    record.setdefault(ERRORS, {}).setdefault(field, message)


def has_problems(record: Any) -> bool:
    if isinstance(record, list):
        return any(has_problems(row) for row in record)
    if not isinstance(record, dict):
        return False
    return any(marker in record for marker in _MARKERS) or any(
        has_problems(value) for value in record.values() if isinstance(value, dict | list))


def clean(record: Any) -> Any:
    """A copy of `record` without the problems attached while it was checked."""
    if isinstance(record, list):
        return [clean(row) for row in record]
    if not isinstance(record, dict):
        return record
    return {name: clean(value) for name, value in record.items() if name not in _MARKERS}


class EntityTable:
    """The records of one top-level entity, in insertion order, found by `id` or by their key fields."""

    def __init__(self, keys: Sequence[str]) -> None:
        self.keys = tuple(keys)
        self._by_id: dict[str, Record] = {}
        self._by_key: dict[tuple[str, ...], str] = {}

    def key_of(self, record: Record) -> tuple[str, ...] | None:
        values = [record.get(name) for name in self.keys]
        if any(value is None or str(value).strip() == "" for value in values):
            return None
        return tuple(normal_key(value) for value in values)

    def by_id(self, record_id: str) -> Record | None:
        return self._by_id.get(record_id)

    def by_key(self, *values: Any) -> Record | None:
        record_id = self._by_key.get(tuple(normal_key(value) for value in values))
        return self._by_id.get(record_id) if record_id else None

    def put(self, record: Record) -> None:
        """Store `record` (replacing the one with its id)."""
        self._by_id[record["id"]] = record
        key = self.key_of(record)
        if key is not None:
            self._by_key[key] = record["id"]

    def all(self) -> list[Record]:
        return list(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)
