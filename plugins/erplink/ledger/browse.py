"""Reads for people looking through the ledger: filtered, paged record lists, the watermarks of an integration and
the last webhook delivery. Rows are read without their payloads, newest first, one page at a time by id.

Every query here is served by an index (``ix_erplink_records_claim`` when an entity is chosen,
``ix_erplink_records_browse`` otherwise); bench/ledger_page.py measures them on 100,000 records.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from erplink.ledger.models import RecordKey, Status, Watermark
from erplink.ledger.schema import inbox, records, watermarks

MAX_PAGE_SIZE = 500


@dataclass(frozen=True)
class RecordFilter:
    """Which records of one integration of a tenant; every field left empty matches everything."""

    tenant: str
    integration: str
    entity: str | None = None
    statuses: tuple[str, ...] = ()
    # When the record reached its status (``updated_at``), half-open: the same bounds a replay takes.
    since: datetime | None = None
    until: datetime | None = None
    # A source id or ERP reference (exact), or words of the reason (case-insensitive).
    text: str | None = None

    def conditions(self) -> list[sa.ColumnElement[bool]]:
        found: list[sa.ColumnElement[bool]] = [
            records.c.tenant == self.tenant,
            records.c.integration == self.integration,
        ]
        if self.entity:
            found.append(records.c.entity == self.entity)
        if self.statuses:
            found.append(records.c.status.in_(self.statuses))
        if self.since is not None:
            found.append(records.c.updated_at >= self.since)
        if self.until is not None:
            found.append(records.c.updated_at < self.until)
        text = (self.text or "").strip()
        if text:
            found.append(
                sa.or_(
                    records.c.source_id == text,
                    records.c.target_ref == text,
                    records.c.target_id == text,
                    records.c.last_error.icontains(text, autoescape=True),
                )
            )
        return found


@dataclass(frozen=True)
class RecordRow:
    """A record as a list shows it: no payload."""

    id: int
    key: RecordKey
    status: Status
    attempts: int
    target_ref: str | None
    target_id: str | None
    last_error: str | None
    updated_at: datetime


@dataclass(frozen=True)
class RecordPage:
    rows: list[RecordRow]
    # Records matching the filter, all pages together.
    total: int
    # The id to pass as ``before_id`` for the next (older) page; None on the last page.
    next_before_id: int | None


_LIST_COLUMNS = (
    records.c.id,
    records.c.tenant,
    records.c.integration,
    records.c.entity,
    records.c.source_id,
    records.c.status,
    records.c.attempts,
    records.c.target_ref,
    records.c.target_id,
    records.c.last_error,
    records.c.updated_at,
)


def record_page(conn: Connection, where: RecordFilter, *, size: int, before_id: int | None = None) -> RecordPage:
    """One page of matching records, newest first; pages are cut by id, so page N costs what page 1 does."""
    size = max(1, min(size, MAX_PAGE_SIZE))
    conditions = where.conditions()
    total = conn.scalar(sa.select(sa.func.count()).select_from(records).where(*conditions)) or 0
    if before_id is not None:
        conditions.append(records.c.id < before_id)
    rows = conn.execute(
        sa.select(*_LIST_COLUMNS).where(*conditions).order_by(records.c.id.desc()).limit(size + 1)
    ).all()
    page = [
        RecordRow(
            id=row.id,
            key=RecordKey(row.tenant, row.integration, row.entity, row.source_id),
            status=Status(row.status),
            attempts=row.attempts,
            target_ref=row.target_ref,
            target_id=row.target_id,
            last_error=row.last_error,
            updated_at=row.updated_at,
        )
        for row in rows[:size]
    ]
    return RecordPage(page, total, page[-1].id if len(rows) > size else None)


def matching_keys(conn: Connection, where: RecordFilter, *, limit: int) -> list[RecordKey]:
    """The keys of every matching record (oldest first), at most ``limit``: what "replay all matching" queues."""
    rows = conn.execute(
        sa.select(records.c.tenant, records.c.integration, records.c.entity, records.c.source_id)
        .where(*where.conditions())
        .order_by(records.c.id)
        .limit(limit)
    ).all()
    return [RecordKey(row.tenant, row.integration, row.entity, row.source_id) for row in rows]


def statuses_of(conn: Connection, keys: Sequence[RecordKey]) -> dict[RecordKey, Status]:
    """The current status of each of ``keys`` that the ledger holds."""
    found: dict[RecordKey, Status] = {}
    by_scope: dict[tuple[str, str, str], list[str]] = {}
    for key in keys:
        by_scope.setdefault((key.tenant, key.integration, key.entity), []).append(key.source_id)
    for (tenant, integration, entity), ids in by_scope.items():
        rows = conn.execute(
            sa.select(records.c.source_id, records.c.status).where(
                records.c.tenant == tenant,
                records.c.integration == integration,
                records.c.entity == entity,
                records.c.source_id.in_(ids),
            )
        )
        for source_id, status in rows:
            found[RecordKey(tenant, integration, entity, source_id)] = Status(status)
    return found


def watermarks_of(conn: Connection, tenant: str, integration: str) -> dict[str, Watermark]:
    """Every extract stream's high-water mark for one integration of a tenant, by stream."""
    rows = conn.execute(
        sa.select(watermarks)
        .where(watermarks.c.tenant == tenant, watermarks.c.integration == integration)
        .order_by(watermarks.c.stream)
    )
    return {
        row.stream: Watermark(value=row.value, boundary_ids=tuple(row.boundary_ids), updated_at=row.updated_at)
        for row in rows
    }


def last_delivery(conn: Connection, *, system: str, tenant: str) -> datetime | None:
    """When the newest webhook delivery of the tenant's store was stored (the inbox's highest id)."""
    newest = (
        sa.select(sa.func.max(inbox.c.id)).where(inbox.c.system == system, inbox.c.tenant == tenant).scalar_subquery()
    )
    received: datetime | None = conn.scalar(sa.select(inbox.c.received_at).where(inbox.c.id == newest))
    return received
