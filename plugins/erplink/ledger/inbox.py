"""Webhook inbox: deliveries stored once per (system, tenant, resource, resource id, modified), applied later."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime
from typing import Any, Unpack

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from erplink.ledger.dialects import insert_for
from erplink.ledger.models import InboxDelivery, InboxEvent
from erplink.ledger.payloads import prepare_payload
from erplink.ledger.schema import inbox

PENDING = "pending"
DONE = "done"
# A delivery whose signature verified but whose body could not be read: kept for a person, never drained.
REJECTED = "rejected"
UNREADABLE = "unreadable"  # the topic and resource of a rejected delivery: its body named neither


def put(conn: Connection, *, received_at: datetime, **delivery: Unpack[InboxDelivery]) -> bool:
    """Store an event unless the same change is already there; False means it was a duplicate.

    ``created`` and ``updated`` deliveries of one change carry the same modification time, so they collapse here.
    """
    if set(delivery) != InboxDelivery.__required_keys__:
        # Unpack only informs type checkers; a missing or misspelt field must still fail loudly at run time.
        expected = sorted(InboxDelivery.__required_keys__)
        raise TypeError(f"an inbox event takes exactly {expected}, got {sorted(delivery)}")
    payload = delivery["payload"]
    statement = (
        insert_for(conn, inbox)
        .values(
            {
                **delivery,
                "resource_id": str(delivery["resource_id"]),
                "modified": delivery["modified"] or "",
                "payload": None if payload is None else prepare_payload(payload)[0],
                "received_at": received_at,
                "status": PENDING,
            }
        )
        .on_conflict_do_nothing(index_elements=["system", "tenant", "resource", "resource_id", "modified"])
    )
    return conn.execute(statement).rowcount == 1


def reject(conn: Connection, *, system: str, tenant: str, body: bytes, reason: str, received_at: datetime) -> bool:
    """Keep a signed delivery whose body could not be read, with the reason; False when that body is already kept.

    Keyed on the body's SHA-256, so a store re-sending the same delivery does not add rows. Callers store only
    deliveries whose signature verified: what an unauthenticated caller sends never reaches the database.
    """
    payload = {"reason": reason, "body": body.decode("utf-8", errors="replace")}
    statement = (
        insert_for(conn, inbox)
        .values(
            system=system,
            tenant=tenant,
            topic=UNREADABLE,
            resource=UNREADABLE,
            resource_id=hashlib.sha256(body).hexdigest(),
            modified="",
            payload=prepare_payload(payload)[0],
            delivery_id=None,
            received_at=received_at,
            status=REJECTED,
        )
        .on_conflict_do_nothing(index_elements=["system", "tenant", "resource", "resource_id", "modified"])
    )
    return conn.execute(statement).rowcount == 1


def rejected(conn: Connection, *, system: str, tenant: str, limit: int) -> list[InboxEvent]:
    """The kept deliveries that could not be read, oldest first; each payload holds ``reason`` and ``body``."""
    return _oldest(conn, system=system, tenant=tenant, status=REJECTED, limit=limit)


def pending(conn: Connection, *, system: str, tenant: str, limit: int) -> list[InboxEvent]:
    return _oldest(conn, system=system, tenant=tenant, status=PENDING, limit=limit)


def _oldest(conn: Connection, *, system: str, tenant: str, status: str, limit: int) -> list[InboxEvent]:
    rows = conn.execute(
        sa.select(inbox)
        .where(inbox.c.system == system, inbox.c.tenant == tenant, inbox.c.status == status)
        .order_by(inbox.c.id)
        .limit(limit)
    )
    return [_event(row) for row in rows]


def mark_done(conn: Connection, ids: Iterable[int], now: datetime) -> int:
    id_list = list(ids)
    if not id_list:
        return 0
    statement = (
        inbox.update().where(inbox.c.id.in_(id_list), inbox.c.status == PENDING).values(status=DONE, processed_at=now)
    )
    return conn.execute(statement).rowcount


def stats(conn: Connection, *, system: str | None, tenant: str | None) -> dict[str, int]:
    """Event counts per status (pending, done, rejected)."""
    query = sa.select(inbox.c.status, sa.func.count()).group_by(inbox.c.status)
    if system is not None:
        query = query.where(inbox.c.system == system)
    if tenant is not None:
        query = query.where(inbox.c.tenant == tenant)
    return {status: count for status, count in conn.execute(query)}


def latest_modified(conn: Connection, *, system: str, tenant: str, resource: str) -> str | None:
    """The newest modification stamp received for ``resource``: the store's own clock, not ours.

    Events without one (``deleted`` bodies, stored under their delivery id) are left out.
    """
    query = sa.select(sa.func.max(inbox.c.modified)).where(
        inbox.c.system == system,
        inbox.c.tenant == tenant,
        inbox.c.resource == resource,
        inbox.c.modified != "",
        ~inbox.c.modified.like("delivery:%"),
    )
    return conn.execute(query).scalar()


def _event(row: sa.Row[Any]) -> InboxEvent:
    return InboxEvent(
        id=row.id,
        system=row.system,
        tenant=row.tenant,
        topic=row.topic,
        resource=row.resource,
        resource_id=row.resource_id,
        modified=row.modified or None,
        payload=row.payload,
        delivery_id=row.delivery_id,
        received_at=row.received_at,
        status=row.status,
        processed_at=row.processed_at,
    )
