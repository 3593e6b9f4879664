"""`PUT /<Entity>`: the upsert, as the endpoint runs it.

The record is found by `id`, else by its key fields; none found means an insert. `If-None-Match: *` makes the
request insert-only and `If-Match: *` update-only: the other case answers 412. The draft is merged into the
record and checked; any problem (a field the contract lacks included) answers 422 with the record and each
field's `error`, and nothing is stored. A save that changes nothing stores nothing and keeps the record's
`LastModifiedDateTime`.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

from sandbox.acumatica.binding import Draft
from sandbox.acumatica.entities.base import Behaviour, WriteContext, stamp
from sandbox.acumatica.errors import NO_ENTITY_MESSAGE, precondition_failed
from sandbox.acumatica.records import ERROR, Record, apply, clean, has_problems, new_id

if TYPE_CHECKING:
    from sandbox.acumatica.instance import Instance

NEW_NUMBER = "<NEW>"
EXISTS_MESSAGE = "An entity with the specified key values already exists."


class Unprocessable(Exception):
    """A write the business logic refused; `record` carries the problems (the 422 body)."""

    def __init__(self, record: Record) -> None:
        super().__init__("the record has errors")
        self.record = record


def upsert(instance: Instance, behaviour: Behaviour, draft: Draft, context: WriteContext, *,
           insert_only: bool = False, update_only: bool = False) -> Record:
    existing = behaviour.find(instance, draft)
    if insert_only and existing is not None:
        raise precondition_failed(EXISTS_MESSAGE)
    if update_only and existing is None:
        raise precondition_failed(NO_ENTITY_MESSAGE)
    if existing is None:
        record: Record = {"id": new_id()}
        behaviour.prepare_insert(instance, record, context)
    else:
        record = copy.deepcopy(existing)
    # The keys of an existing record found it; they are not changed (`wc3` finds `WC3` and leaves it so).
    apply(record, draft, read_only=behaviour.read_only | (set(behaviour.keys) if existing else set()))
    if existing is None and behaviour.auto_numbered:
        record[behaviour.keys[-1]] = NEW_NUMBER  # numbered only once the record is saved
    behaviour.check(instance, record, existing)
    if has_problems(record):
        verb = "Inserting" if existing is None else "Updating"
        record.setdefault(ERROR, f"{verb} '{behaviour.display}' record raised at least one error. "
                                 "Please review the errors.")
        raise Unprocessable(record)
    behaviour.derive(instance, record, draft, context)
    if existing is not None and clean(record) == existing:
        return existing
    if existing is None and behaviour.auto_numbered:
        behaviour.assign_number(instance, record)
    if existing is None and behaviour.shape.field("NoteID") is not None:
        record["NoteID"] = new_id()
    stamp(record, behaviour.shape, instance.now(), created=existing is None)
    instance.table(behaviour.name).put(record)
    return record
