"""A stored record as the endpoint sends it.

Every value field of the contract is present, wrapped (`{}` when empty). Linked and detail entities appear only
when `$expand` names them (contract version 4). `$select` narrows the value fields of the level it names; an
expanded entity it does not mention keeps all of its fields. Each entity carries `id`, `rowNumber`, `note` and
`custom`; a top-level record also carries `_links`. A record that failed a check carries its problems: the
record-level `error` and each rejected field's `error` next to its value (the 422 body).
"""

from __future__ import annotations

import uuid
from datetime import tzinfo
from typing import Any

from sandbox.acumatica.contract import EntityShape, entity
from sandbox.acumatica.query_options import FILES, Tree
from sandbox.acumatica.records import ERROR, ERRORS, UNKNOWN, Record
from sandbox.acumatica.values import render_value

UNKNOWN_FIELD_MESSAGE = "The field is not defined in the contract of the endpoint."


def _unknown_value(raw: Any) -> Any:
    return raw.get("value") if isinstance(raw, dict) else raw


def render(record: Record, shape: EntityShape, *, zone: tzinfo, expand: Tree, select: Tree | None,
           row_number: int = 1, links: dict[str, str] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"id": record["id"], "rowNumber": row_number, "note": {"value": record.get("note") or ""}}
    errors: dict[str, str] = record.get(ERRORS, {})
    if ERROR in record:
        out["error"] = record[ERROR]
    chosen = {name for name in select if shape.field(name) and shape.fields[name].kind == "value"} \
        if select is not None else None
    for field in shape.values():
        if chosen is not None and field.name not in chosen:
            continue
        wrapped = render_value(field.type, field.name, record.get(field.name), zone)
        if field.name in errors:
            wrapped["error"] = errors[field.name]
        out[field.name] = wrapped
    for name, raw in record.get(UNKNOWN, {}).items():
        out[name] = {"value": _unknown_value(raw), "error": UNKNOWN_FIELD_MESSAGE}
    for name, children in expand.items():
        sub_field = shape.field(name)
        if name == FILES:
            out[FILES] = []
            continue
        if sub_field is None:
            continue
        sub_select = (select or {}).get(name) or None
        sub_shape = entity(sub_field.type)
        if sub_field.kind == "linked":
            # A linked entity nobody filled in is still there, empty, under an id that stays the same.
            linked = record.get(name) or {"id": str(uuid.uuid5(uuid.UUID(record["id"]), name))}
            out[name] = render(linked, sub_shape, zone=zone, expand=children, select=sub_select)
        elif sub_field.kind == "detail":
            out[name] = [render(row, sub_shape, zone=zone, expand=children, select=sub_select, row_number=index)
                         for index, row in enumerate(record.get(name) or [], start=1)]
    out["custom"] = {}
    if links is not None:
        out["_links"] = links
    return out
