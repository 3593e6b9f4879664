"""What the load protocol needs from a target system: one adapter per (ERP, document kind)."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from erplink.ledger.models import LedgerRecord


@runtime_checkable
class TargetAdapter(Protocol):
    """Written by each integration. No method may retry a create on its own: the protocol owns that decision."""

    def reference(self, record: LedgerRecord) -> str:
        """The deterministic external reference stored on the target document, e.g. ``"WC-shop1-1042"``."""
        ...

    def find(self, reference: str) -> str | None:
        """The id of an existing target document carrying ``reference``, or None."""
        ...

    # Optional: ``find_record(record, reference)`` replaces ``find`` where the source record itself may name the
    # target document (e.g. a marker the integration wrote back into it before its ledger row was lost).

    def vet(self, record: LedgerRecord) -> None:
        """Optional: refuse a record before any look-up (raise ``NotLoadable`` or ``MappingError``). Called only for
        records never sent, which the target cannot hold, so a refusal here costs no call and loses nothing."""

    def create(self, record: LedgerRecord, reference: str) -> str:
        """Create the document (carrying ``reference``) and return its target id."""
        ...

    # Optional, for targets whose writes are safe to repeat (no look-up needed): ``write_many(items)`` takes up to
    # ``batch_limit`` (record, reference) pairs, sends them in one request and returns, in the same order, each
    # record's target id or the exception that refused it. With it the protocol calls neither ``find`` nor
    # ``create``/``update``.

    def update(self, record: LedgerRecord, target_id: str) -> str | None:
        """Apply a changed source to an existing document; returns its id when it changed. Optional: targets that
        take no updates raise ``NotImplementedError`` (or omit the method) and the record is marked skipped.
        ``record.payload_at_target`` is what the document was last brought in line with; when nothing it holds
        changed, raise ``NothingToUpdate`` (the record is done, nothing sent)."""
        raise NotImplementedError
