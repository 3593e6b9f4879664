"""What the load protocol needs from a target system: one adapter per (ERP, document kind).

An adapter is one of two kinds: a ``LookupTarget`` (looked up by reference, then created one record at a time) or
a ``BatchTarget`` (whose writes are safe to repeat, sent a claimed batch at a time). The protocol tells them apart
by ``write_many``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeAlias, runtime_checkable

from erplink.ledger.models import LedgerRecord


@runtime_checkable
class LookupTarget(Protocol):
    """Written by each integration. No method may retry a create on its own: the protocol owns that decision."""

    def reference(self, record: LedgerRecord) -> str:
        """The deterministic external reference stored on the target document, e.g. ``"WC-shop1-1042"``."""
        ...

    def find(self, reference: str) -> str | None:
        """The id of an existing target document carrying ``reference``, or None."""
        ...

    # Optional: ``find_record(record, reference)`` replaces ``find`` where the source record itself may name the
    # target document (e.g. a marker the integration wrote back into it before its ledger row was lost).

    def vet(self, record: LedgerRecord) -> object:
        """Refuse a record before any look-up (raise ``NotLoadable`` or ``MappingError``). Called only for records
        never sent, which the target cannot hold, so a refusal here costs no call and loses nothing. What it
        returns (e.g. the document it read, for the adapter's own use) is ignored; the protocol also takes an
        adapter without it."""
        ...

    def create(self, record: LedgerRecord, reference: str) -> str:
        """Create the document (carrying ``reference``) and return its target id."""
        ...

    # Optional: ``update(record, target_id) -> str | None`` applies a changed source to an existing document and
    # returns its id when it changed (None: the id stays). Targets that take no updates omit it (or raise
    # ``NotImplementedError``) and the record is marked skipped. ``record.payload_at_target`` is what the document
    # was last brought in line with; when nothing it holds changed, it raises ``NothingToUpdate`` (the record is
    # done, nothing sent).


@runtime_checkable
class BatchTarget(Protocol):
    """A target whose writes are safe to repeat (no look-up needed): the protocol calls neither ``find`` nor
    ``create``/``update`` on it."""

    def reference(self, record: LedgerRecord) -> str:
        """The deterministic reference of what is written for ``record``."""
        ...

    def write_many(self, items: Sequence[tuple[LedgerRecord, str]]) -> Sequence[str | Exception]:
        """Send up to ``batch_limit`` (record, reference) pairs in one request; returns, in the same order, each
        record's target id or the exception that refused it."""
        ...

    # Optional: ``batch_limit``, the most pairs one request takes (the protocol claims that many at a time).


# What the load protocol takes: it writes through ``write_many`` when the adapter has it.
TargetAdapter: TypeAlias = LookupTarget | BatchTarget
