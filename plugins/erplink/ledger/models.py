"""Value types the ledger hands out and takes in: keys, statuses, records, audit entries, inbox events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, NamedTuple, TypedDict


class Status(StrEnum):
    """Where a source record stands on its way to the target. A ``StrEnum``, so it compares equal to plain strings."""

    PENDING = "pending"
    IN_FLIGHT = "in_flight"
    DONE = "done"
    FAILED = "failed"
    QUARANTINED = "quarantined"
    SKIPPED = "skipped"


class RecordKey(NamedTuple):
    """Identity of one source object in the ledger."""

    tenant: str
    integration: str
    entity: str
    source_id: str

    def __str__(self) -> str:
        return f"{self.entity} {self.source_id} ({self.tenant}/{self.integration})"


class AttemptContext(NamedTuple):
    """Who is acting: copied into every audit row so a transition can be traced to a task try.

    ``worker`` is the logical claimant (e.g. ``"<dag_id>.<task_id>[<map_index>]"``), identical across retries of one
    task so that a retried task takes back what its killed predecessor left in flight.
    """

    run_id: str | None = None
    task_id: str | None = None
    try_number: int | None = None
    worker: str | None = None


@dataclass(frozen=True)
class LedgerRecord:
    """One row of the records table, as read at a moment."""

    id: int
    key: RecordKey
    status: Status
    attempts: int
    payload: dict[str, Any]
    payload_hash: str
    source_modified: datetime | None
    target_ref: str | None
    target_id: str | None
    last_error: str | None
    last_http_status: int | None
    run_id: str | None
    claimed_by: str | None
    lease_until: datetime | None
    created_at: datetime
    updated_at: datetime
    # The payload the target last received, kept only while ``payload`` holds source changes it has not received;
    # None when the target holds ``payload`` itself (or nothing yet). Read it through ``payload_at_target``.
    applied_payload: dict[str, Any] | None = None

    @property
    def payload_at_target(self) -> dict[str, Any] | None:
        """The payload the target's document was last brought in line with; None while the target has none."""
        if self.target_id is None:
            return None
        return self.applied_payload if self.applied_payload is not None else self.payload


@dataclass(frozen=True)
class ReplayHold:
    """A row a replay took straight into ``in_flight``, with what it was before, so it can be given back unchanged."""

    key: RecordKey
    status: Status
    attempts: int
    claimed_by: str | None
    payload_hash: str
    updated_at: datetime


class UpsertOutcome(StrEnum):
    INSERTED = "inserted"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    STALE = "stale"  # older than what the ledger already holds (e.g. a late webhook): ignored


@dataclass(frozen=True)
class UpsertResult:
    key: RecordKey
    outcome: UpsertOutcome
    status: Status

    @property
    def needs_load(self) -> bool:
        """True when the upsert gave the load step something new to do."""
        return self.outcome in (UpsertOutcome.INSERTED, UpsertOutcome.CHANGED)


@dataclass(frozen=True)
class AuditEntry:
    """One append-only audit row: a status transition with the task try that made it."""

    id: int
    key: RecordKey
    at: datetime
    run_id: str | None
    task_id: str | None
    try_number: int | None
    worker: str | None
    action: str
    from_status: Status | None
    to_status: Status | None
    target_ref: str | None
    target_id: str | None
    http_status: int | None
    error: str | None


class Watermark(NamedTuple):
    """High-water mark of an extract stream, with the ids seen exactly at that instant (to resume without gaps)."""

    value: datetime
    boundary_ids: tuple[str, ...]
    updated_at: datetime


class InboxDelivery(TypedDict):
    """The fields a verified webhook delivery is stored with; the inbox adds id, times and status."""

    system: str
    tenant: str
    topic: str
    resource: str
    resource_id: str
    modified: str | None
    payload: dict[str, Any] | None
    delivery_id: str | None


@dataclass(frozen=True)
class InboxEvent:
    """A webhook delivery kept until the integration flow has applied it."""

    id: int
    system: str
    tenant: str
    topic: str
    resource: str
    resource_id: str
    modified: str | None
    payload: dict[str, Any] | None
    delivery_id: str | None
    received_at: datetime
    status: str
    processed_at: datetime | None
