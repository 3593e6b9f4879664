"""What every top-level entity the sandbox serves shares, and what each one decides for itself.

A `Behaviour` names the entity's key fields and read-only fields, fills a new record's defaults, checks a
write (flagging fields, see `checks.py`), derives computed fields, and may add read-time fields that live
elsewhere (a stock item's quantities).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, ClassVar

from sandbox.acumatica.binding import Draft
from sandbox.acumatica.contract import ENDPOINT_NAME, ENDPOINT_VERSION, EntityShape, entity
from sandbox.acumatica.entities.checks import is_blank
from sandbox.acumatica.query_options import Tree
from sandbox.acumatica.records import Record
from sandbox.acumatica.rendering import render

if TYPE_CHECKING:
    from sandbox.acumatica.instance import Instance


@dataclass(frozen=True)
class WriteContext:
    business_date: date
    """The `PX-CbApiBusinessDate` header's date, else today in the instance's time zone."""


class Behaviour:
    name: ClassVar[str]
    keys: ClassVar[tuple[str, ...]]
    display: ClassVar[str]
    files_view: ClassVar[str]
    """Graph and view of the `files:put` link (`PX.Objects.AR.CustomerMaint/BAccount`)."""
    read_only: ClassVar[frozenset[str]] = frozenset()
    auto_numbered: ClassVar[bool] = False
    """A key given for a record that does not exist is not kept: the record gets the next number."""

    @property
    def shape(self) -> EntityShape:
        return entity(self.name)

    def key_values(self, draft: Draft) -> tuple[Any, ...] | None:
        values = tuple(draft.values.get(name) for name in self.keys)
        return None if any(is_blank(value) for value in values) else values

    def find(self, instance: Instance, draft: Draft) -> Record | None:
        """The record a write addresses: by `id`, else by its key fields."""
        table = instance.table(self.name)
        if draft.id is not None and (record := table.by_id(draft.id)) is not None:
            return record
        keys = self.key_values(draft)
        return table.by_key(*keys) if keys is not None else None

    def find_by_path(self, instance: Instance, keys: list[str]) -> Record | None:
        """The record `GET /<Entity>/<key>/<key>` names."""
        return instance.table(self.name).by_key(*keys) if len(keys) == len(self.keys) else None

    def prepare_insert(self, instance: Instance, record: Record, context: WriteContext) -> None:
        """Fill a new record's defaults (before the draft is applied) and number it."""

    def check(self, instance: Instance, record: Record, existing: Record | None) -> None:
        """Flag what the business logic refuses in `record` (the draft already applied)."""

    def derive(self, instance: Instance, record: Record, draft: Draft, context: WriteContext) -> None:
        """Compute the fields the entity computes itself."""

    def decorate(self, instance: Instance, record: Record) -> Record:
        """The record as read: fields kept elsewhere added (a copy when it adds any)."""
        return record

    def assign_number(self, instance: Instance, record: Record) -> None:
        """Give an auto-numbered record its key, once it has passed its checks."""


def stamp(record: Record, shape: EntityShape, now: datetime, *, created: bool) -> None:
    """Set the audit fields the contract gives the entity: every `LastModified...` field (one instant for the
    whole save, so records saved together tie), and the `Created...` ones when the record is new."""
    for field in shape.values():
        if field.type == "DateTimeValue" and (field.name.startswith("LastModified")
                                              or (created and field.name.startswith("Created"))):
            record[field.name] = now


def links(instance: Instance, behaviour: Behaviour, record_id: str) -> dict[str, str]:
    base = f"{instance.base_path}/{ENDPOINT_NAME}/{ENDPOINT_VERSION}"
    return {"self": f"{base}/{behaviour.name}/{record_id}",
            "files:put": f"{base}/files/{behaviour.files_view}/{record_id}/{{filename}}"}


def present(instance: Instance, behaviour: Behaviour, record: Record, *, expand: Tree, select: Tree | None = None,
            row_number: int = 1) -> dict[str, Any]:
    """The record as the endpoint answers it (`rendering.render` of its read-time form, with its links)."""
    return render(behaviour.decorate(instance, record), behaviour.shape, zone=instance.zone, expand=expand,
                  select=select, row_number=row_number, links=links(instance, behaviour, record["id"]))
