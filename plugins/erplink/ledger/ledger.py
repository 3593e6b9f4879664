"""The ledger: one row per source object on its way to a target, with an append-only audit of every transition.

Every status change and its audit row are written in one transaction. Transactions are short and never span a
remote call: the load protocol commits ``in_flight`` with the target reference *before* it calls the target.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any, Unpack

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from erplink.ledger import browse, migrations
from erplink.ledger import inbox as inbox_store
from erplink.ledger import watermarks as watermark_store
from erplink.ledger.browse import RecordFilter, RecordPage
from erplink.ledger.dialects import insert_for
from erplink.ledger.engines import (
    READ_ONLY_OPTION,
    LedgerLocation,
    configure_sqlite,
    create_ledger_engine,
    ledger_url_from_env,
    resolve_ledger,
)
from erplink.ledger.errors import (
    ClaimLostError,
    LedgerNotFoundError,
    LedgerUnavailableError,
    RecordNotFoundError,
)
from erplink.ledger.models import (
    AttemptContext,
    AuditEntry,
    InboxDelivery,
    InboxEvent,
    LedgerRecord,
    RecordKey,
    ReplayHold,
    Status,
    UpsertOutcome,
    UpsertResult,
    Watermark,
)
from erplink.ledger.payloads import prepare_payload
from erplink.ledger.schema import audit, records

DEFAULT_LEASE = timedelta(minutes=15)
_PAGE_SIZE = 500

KeyFilter = Iterable[RecordKey | str]


def utc_now() -> datetime:
    return datetime.now(UTC)


class Ledger:
    """Records, audit trail, watermarks and webhook inbox on SQLite (default) or PostgreSQL.

    :param url_or_engine: a SQLAlchemy URL or an engine (engines made elsewhere are given the SQLite set-up too).
    :param lease: how long a claim protects an in-flight record from other workers.
    :param clock: returns the current aware UTC time; injected by tests.

    A Ledger holds a connection pool: each thread borrows its own connection per call. Create one Ledger per
    process (engines must not cross a fork).
    """

    def __init__(
        self,
        url_or_engine: str | sa.URL | Engine,
        *,
        lease: timedelta = DEFAULT_LEASE,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        if isinstance(url_or_engine, Engine):
            self._engine = url_or_engine
            if self._engine.dialect.name == "sqlite":
                configure_sqlite(self._engine)
        else:
            self._engine = create_ledger_engine(url_or_engine)
        self._lease = lease
        self._clock = clock

    @classmethod
    def from_env(cls, **kwargs: Any) -> Ledger:
        """``ERPLINK_LEDGER_URL``, else the Airflow connection id in ``ERPLINK_LEDGER_CONN_ID``, else
        ``./.erplink/ledger.db``."""
        return cls(ledger_url_from_env(), **kwargs)

    @classmethod
    def open_existing(cls, location: LedgerLocation | None = None, **kwargs: Any) -> Ledger:
        """The ledger ``resolve_ledger`` points at, for commands that must not create one (status, replay).

        Raises ``LedgerNotFoundError`` naming where it looked when there is no ledger there (a missing SQLite file
        is detected before connecting, because connecting would create it), and ``LedgerUnavailableError`` when
        its database does not answer.
        """
        location = location or resolve_ledger()
        sqlite_file = location.sqlite_file
        if sqlite_file is not None and not sqlite_file.is_file():
            raise LedgerNotFoundError(location.describe())
        ledger = cls(location.url, **kwargs)
        try:
            version = migrations.applied_version(ledger.engine)
        except sa.exc.DBAPIError as exc:
            ledger.dispose()
            # The driver's own first line ("connection refused", "password authentication failed"), not
            # SQLAlchemy's wrapper with its statement and documentation link.
            cause = str(exc.orig or exc).strip().splitlines()[0]
            raise LedgerUnavailableError(location.describe(), cause) from exc
        if version is None:
            ledger.dispose()
            raise LedgerNotFoundError(location.describe())
        return ledger

    @property
    def engine(self) -> Engine:
        return self._engine

    def dispose(self) -> None:
        """Close pooled connections."""
        self._engine.dispose()

    def migrate(self) -> None:
        """Create or upgrade the schema; idempotent and safe when several processes call it at once."""
        migrations.migrate(self._engine)

    # ----------------------------------------------------------------------------------------------- extract side

    def upsert_source(
        self, key: RecordKey, *, payload: dict[str, Any], source_modified: datetime | None, run_id: str | None
    ) -> UpsertResult:
        """Store a source object (secrets scrubbed) and decide whether the load step has work to do.

        New → ``pending``. Same payload hash → nothing changes. Older ``source_modified`` than stored → ignored
        (a late delivery). Changed → ``pending`` again with a fresh attempt budget, keeping the target id so the
        load applies it as an update; a row in flight keeps its status and the worker finds the change when it
        finishes (see ``mark_done(payload_hash=...)``). The payload the target holds is kept aside the first time
        it is replaced (``applied_payload``), so the update can tell what changed since the target received it.
        """
        stored, digest = prepare_payload(payload)
        now = self._clock()
        ctx = AttemptContext(run_id=run_id)
        with self._write() as conn:
            row = self._lock_row(conn, key)
            if row is None:
                values = dict(
                    key._asdict(), source_modified=source_modified, payload_hash=digest, payload=stored,
                    status=Status.PENDING.value, attempts=0, run_id=run_id, created_at=now, updated_at=now,
                )  # fmt: skip
                statement = (
                    insert_for(conn, records)
                    .values(**values)
                    .on_conflict_do_nothing(index_elements=["tenant", "integration", "entity", "source_id"])
                )
                if conn.execute(statement).rowcount == 1:
                    self._audit(conn, ctx, "extracted", Status.PENDING, now, [(key, None)])
                    return UpsertResult(key, UpsertOutcome.INSERTED, Status.PENDING)
                row = self._lock_row(conn, key)  # another writer inserted it first
                if row is None:
                    raise RecordNotFoundError(key)
            status = Status(row.status)
            if row.payload_hash == digest:
                return UpsertResult(key, UpsertOutcome.UNCHANGED, status)
            if (
                source_modified is not None
                and row.source_modified is not None
                and source_modified < row.source_modified
            ):
                return UpsertResult(key, UpsertOutcome.STALE, status)
            new_status = Status.IN_FLIGHT if status is Status.IN_FLIGHT else Status.PENDING
            changes: dict[str, Any] = dict(
                source_modified=source_modified, payload_hash=digest, payload=stored, status=new_status.value,
                run_id=run_id, updated_at=now,
            )  # fmt: skip
            if new_status is Status.PENDING:
                changes.update(attempts=0, claimed_by=None, lease_until=None, last_error=None, last_http_status=None)
            if row.target_id is not None and row.applied_payload is None:
                changes["applied_payload"] = row.payload  # what the target holds is about to be replaced
            conn.execute(records.update().where(records.c.id == row.id).values(**changes))
            self._audit(conn, ctx, "source_changed", new_status, now, [(key, status)])
            return UpsertResult(key, UpsertOutcome.CHANGED, new_status)

    # -------------------------------------------------------------------------------------------------- load side

    def claim(
        self,
        tenant: str,
        integration: str,
        entity: str,
        *,
        limit: int,
        statuses: Sequence[str] = (Status.PENDING,),
        keys: KeyFilter | None = None,
        worker: str,
        after_id: int | None = None,
        ctx: AttemptContext | None = None,
    ) -> list[LedgerRecord]:
        """Atomically move up to ``limit`` rows to ``in_flight`` for ``worker`` (oldest first) and return them.

        Besides rows in ``statuses`` it takes back ``in_flight`` rows left by the same logical worker (a killed
        predecessor of this task) or whose lease expired. Each claim counts as one attempt. PostgreSQL skips rows
        other workers hold locked; SQLite serialises claims with ``BEGIN IMMEDIATE``. ``after_id`` lets one run
        walk the table once without taking back what it already handled.
        """
        ctx = ctx._replace(worker=worker) if ctx is not None else AttemptContext(worker=worker)
        now = self._clock()
        reclaimable = sa.and_(
            records.c.status == Status.IN_FLIGHT.value,
            sa.or_(records.c.claimed_by == worker, records.c.lease_until.is_(None), records.c.lease_until < now),
        )
        query = (
            sa.select(
                records.c.id,
                records.c.tenant,
                records.c.integration,
                records.c.entity,
                records.c.source_id,
                records.c.status,
            )
            .where(
                records.c.tenant == tenant,
                records.c.integration == integration,
                records.c.entity == entity,
                sa.or_(records.c.status.in_([str(status) for status in statuses]), reclaimable),
            )
            .order_by(records.c.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        if keys is not None:
            query = query.where(_key_condition(keys))
        if after_id is not None:
            query = query.where(records.c.id > after_id)
        with self._write() as conn:
            rows = conn.execute(query).all()
            if not rows:
                return []
            ids = [row.id for row in rows]
            conn.execute(
                records.update()
                .where(records.c.id.in_(ids))
                .values(
                    status=Status.IN_FLIGHT.value,
                    claimed_by=worker,
                    lease_until=now + self._lease,
                    attempts=records.c.attempts + 1,
                    run_id=sa.func.coalesce(ctx.run_id, records.c.run_id),
                    updated_at=now,
                )
            )
            self._audit(
                conn, ctx, "claimed", Status.IN_FLIGHT, now, [(_row_key(row), Status(row.status)) for row in rows]
            )
            claimed = conn.execute(sa.select(records).where(records.c.id.in_(ids)).order_by(records.c.id))
            return [_record(row) for row in claimed]

    def mark_in_flight(self, key: RecordKey, *, target_ref: str, ctx: AttemptContext) -> None:
        """Commit the deterministic target reference before the target is called; renews the lease."""
        now = self._clock()
        claimer = {"claimed_by": ctx.worker} if ctx.worker else {}
        self._transition(
            key, ctx, "reference_committed", Status.IN_FLIGHT, now,
            values=dict(target_ref=target_ref, lease_until=now + self._lease, **claimer),
            target_ref=target_ref,
        )  # fmt: skip

    def mark_done(
        self,
        key: RecordKey,
        *,
        target_id: str,
        target_ref: str,
        ctx: AttemptContext,
        action: str,
        payload_hash: str | None = None,
        applied_payload: dict[str, Any] | None = None,
    ) -> Status:
        """Record the target document (``action``: created, linked, updated, ...) and return the new status.

        With ``payload_hash`` (the hash of the payload the worker applied): if the source changed meanwhile, the row
        goes back to ``pending`` instead of ``done``, still linked to its target, so the change is applied next;
        ``applied_payload`` (that payload) is then kept as what the target holds, to tell the change by.
        """
        now = self._clock()
        with self._write() as conn:
            row = self._locked_row_for(conn, key, ctx)
            superseded = payload_hash is not None and payload_hash != row.payload_hash
            to_status = Status.PENDING if superseded else Status.DONE
            values: dict[str, Any] = dict(
                status=to_status.value, target_id=target_id, target_ref=target_ref, last_error=None,
                last_http_status=None, lease_until=None, updated_at=now, run_id=ctx.run_id or row.run_id,
            )  # fmt: skip
            if superseded:
                values.update(attempts=0, claimed_by=None)
            # Kept only while the row holds changes the target has not received (the worker applied an older payload).
            values["applied_payload"] = (
                (applied_payload if applied_payload is not None else row.applied_payload) if superseded else None
            )
            conn.execute(records.update().where(records.c.id == row.id).values(**values))
            self._audit(
                conn,
                ctx,
                action,
                to_status,
                now,
                [(key, Status(row.status))],
                target_ref=target_ref,
                target_id=target_id,
            )
            return to_status

    def mark_failed(self, key: RecordKey, *, error: str, ctx: AttemptContext, http_status: int | None = None) -> None:
        """A transient failure: the row waits for the next try (which looks the reference up before any create)."""
        self._finish(key, ctx, "failed", Status.FAILED, error, http_status)

    def quarantine(self, key: RecordKey, *, reason: str, ctx: AttemptContext, http_status: int | None = None) -> None:
        """A permanent failure: kept with a readable reason until someone fixes the cause and requeues it."""
        self._finish(key, ctx, "quarantined", Status.QUARANTINED, reason, http_status)

    def mark_skipped(self, key: RecordKey, *, reason: str, ctx: AttemptContext) -> None:
        """Deliberately not loaded (e.g. an unpaid order); the reason is kept in ``last_error`` and the audit."""
        self._finish(key, ctx, "skipped", Status.SKIPPED, reason, None)

    def requeue(
        self,
        *,
        tenant: str,
        integration: str | None = None,
        entity: str | None = None,
        keys: KeyFilter | None = None,
        statuses: Sequence[str] = (Status.FAILED, Status.QUARANTINED),
        since: datetime | None = None,
        until: datetime | None = None,
        ctx: AttemptContext | None = None,
    ) -> int:
        """Replay: move matching rows back to ``pending`` with a fresh attempt budget; returns how many moved.

        ``since``/``until`` bound the time the row reached its current status (``updated_at``, half-open).
        """
        ctx = ctx or AttemptContext()
        now = self._clock()
        conditions = _record_filter(
            tenant=tenant,
            integration=integration,
            entity=entity,
            statuses=statuses,
            keys=keys,
            since=since,
            until=until,
        )
        with self._write() as conn:
            rows = conn.execute(
                sa.select(
                    records.c.id,
                    records.c.tenant,
                    records.c.integration,
                    records.c.entity,
                    records.c.source_id,
                    records.c.status,
                )
                .where(*conditions)
                .with_for_update()
            ).all()
            if not rows:
                return 0
            conn.execute(
                records.update()
                .where(records.c.id.in_([row.id for row in rows]))
                .values(status=Status.PENDING.value, attempts=0, claimed_by=None, lease_until=None, updated_at=now)
            )
            self._audit(
                conn, ctx, "requeued", Status.PENDING, now, [(_row_key(row), Status(row.status)) for row in rows]
            )
            return len(rows)

    def take_for_replay(
        self,
        *,
        tenant: str,
        integration: str,
        entity: str,
        worker: str,
        keys: KeyFilter | None = None,
        statuses: Sequence[str] = (Status.FAILED, Status.QUARANTINED),
        since: datetime | None = None,
        until: datetime | None = None,
        ctx: AttemptContext | None = None,
    ) -> list[ReplayHold]:
        """Replay's requeue: move matching rows straight to ``in_flight`` held by ``worker`` (fresh attempt budget).

        Requeue and claim are one transaction, so a replayed row never waits in ``pending`` with nobody working on
        it: the load that follows takes the rows back as its own (same worker), and ``give_back`` returns the
        ones it never reached to where they were. The lease keeps other workers off them meanwhile; should the
        replaying process die, the lease runs out and the next regular run loads them.
        """
        ctx = (ctx or AttemptContext())._replace(worker=worker)
        now = self._clock()
        conditions = _record_filter(
            tenant=tenant,
            integration=integration,
            entity=entity,
            statuses=statuses,
            keys=keys,
            since=since,
            until=until,
        )
        with self._write() as conn:
            rows = conn.execute(
                sa.select(
                    records.c.id,
                    records.c.tenant,
                    records.c.integration,
                    records.c.entity,
                    records.c.source_id,
                    records.c.status,
                    records.c.attempts,
                    records.c.claimed_by,
                    records.c.payload_hash,
                    records.c.updated_at,
                )
                .where(*conditions)
                .order_by(records.c.id)
                .with_for_update()
            ).all()
            if not rows:
                return []
            conn.execute(
                records.update()
                .where(records.c.id.in_([row.id for row in rows]))
                .values(
                    status=Status.IN_FLIGHT.value,
                    attempts=0,
                    claimed_by=worker,
                    lease_until=now + self._lease,
                    updated_at=now,
                )
            )
            self._audit(
                conn, ctx, "requeued", Status.IN_FLIGHT, now, [(_row_key(row), Status(row.status)) for row in rows]
            )
        return [
            ReplayHold(
                _row_key(row), Status(row.status), row.attempts, row.claimed_by, row.payload_hash, row.updated_at
            )
            for row in rows
        ]

    def give_back(
        self, holds: Sequence[ReplayHold], *, worker: str, reason: str, ctx: AttemptContext | None = None
    ) -> int:
        """Return rows a replay took but never started to what they were, with ``reason`` in their audit trail.

        Only rows still held by ``worker`` and not claimed since (no attempt yet) move: a row the load claimed has
        an outcome of its own. A row whose source changed meanwhile goes to ``pending``, so the change is loaded.
        Returns how many rows moved.
        """
        if not holds:
            return 0
        ctx = (ctx or AttemptContext())._replace(worker=worker)
        now = self._clock()
        by_key = {hold.key: hold for hold in holds}
        with self._write() as conn:
            rows = conn.execute(
                sa.select(
                    records.c.id,
                    records.c.tenant,
                    records.c.integration,
                    records.c.entity,
                    records.c.source_id,
                    records.c.payload_hash,
                )
                .where(
                    _key_condition(by_key),
                    records.c.status == Status.IN_FLIGHT.value,
                    records.c.claimed_by == worker,
                    records.c.attempts == 0,
                )
                .with_for_update()
            ).all()
            for row in rows:
                hold = by_key[_row_key(row)]
                if row.payload_hash == hold.payload_hash:
                    restored: dict[str, Any] = dict(
                        status=hold.status.value,
                        attempts=hold.attempts,
                        claimed_by=hold.claimed_by,
                        updated_at=hold.updated_at,
                    )
                else:
                    restored = dict(status=Status.PENDING.value, attempts=0, claimed_by=None, updated_at=now)
                conn.execute(records.update().where(records.c.id == row.id).values(lease_until=None, **restored))
                self._audit(
                    conn,
                    ctx,
                    "replay_failed",
                    Status(restored["status"]),
                    now,
                    [(hold.key, Status.IN_FLIGHT)],
                    error=reason,
                )
            return len(rows)

    def note_failure(self, keys: KeyFilter, *, action: str, error: str, ctx: AttemptContext | None = None) -> int:
        """Write ``error`` into the audit trail of each row of ``keys`` without changing the row (its status stays)."""
        ctx = ctx or AttemptContext()
        now = self._clock()
        with self._write() as conn:
            rows = conn.execute(
                sa.select(
                    records.c.tenant, records.c.integration, records.c.entity, records.c.source_id, records.c.status
                ).where(_key_condition(keys))
            ).all()
            for row in rows:
                self._audit(
                    conn, ctx, action, Status(row.status), now, [(_row_key(row), Status(row.status))], error=error
                )
            return len(rows)

    # ---------------------------------------------------------------------------------------------------- queries

    def get(self, key: RecordKey) -> LedgerRecord | None:
        with self._read() as conn:
            row = conn.execute(sa.select(records).where(*_key_columns(key))).one_or_none()
            return None if row is None else _record(row)

    def records(
        self,
        *,
        tenant: str | None = None,
        integration: str | None = None,
        entity: str | None = None,
        statuses: Sequence[str] | None = None,
        keys: KeyFilter | None = None,
        source_id_prefixes: Sequence[str] | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int | None = None,
    ) -> Iterator[LedgerRecord]:
        """Matching rows in id order, read page by page (each page its own short read).

        ``source_id_prefixes``: only rows whose source id starts with one of them (case-sensitive, taken
        literally), e.g. ``["12-"]`` for the records a store keeps under its order 12."""
        conditions = _record_filter(
            tenant=tenant,
            integration=integration,
            entity=entity,
            statuses=statuses,
            keys=keys,
            since=since,
            until=until,
        )
        if source_id_prefixes is not None:
            conditions.append(_source_id_prefix_condition(source_id_prefixes))
        last_id, remaining = 0, limit
        while remaining is None or remaining > 0:
            page_size = _PAGE_SIZE if remaining is None else min(_PAGE_SIZE, remaining)
            with self._read() as conn:
                page = conn.execute(
                    sa.select(records)
                    .where(*conditions, records.c.id > last_id)
                    .order_by(records.c.id)
                    .limit(page_size)
                ).all()
            for row in page:
                yield _record(row)
            if len(page) < page_size:
                return
            last_id = page[-1].id
            if remaining is not None:
                remaining -= len(page)

    def counts(self, tenant: str, integration: str) -> dict[str, dict[str, int]]:
        """``{entity: {status: count}}`` for one integration of a tenant."""
        query = (
            sa.select(records.c.entity, records.c.status, sa.func.count())
            .where(records.c.tenant == tenant, records.c.integration == integration)
            .group_by(records.c.entity, records.c.status)
        )
        result: dict[str, dict[str, int]] = {}
        with self._read() as conn:
            for entity, status, count in conn.execute(query):
                result.setdefault(entity, {})[status] = count
        return result

    def audit(self, key: RecordKey) -> list[AuditEntry]:
        """The record's trail, oldest first."""
        query = sa.select(audit).where(
            audit.c.tenant == key.tenant, audit.c.integration == key.integration,
            audit.c.entity == key.entity, audit.c.source_id == key.source_id,
        ).order_by(audit.c.id)  # fmt: skip
        with self._read() as conn:
            return [_audit_entry(row) for row in conn.execute(query)]

    def note_action(self, keys: KeyFilter, *, action: str, ctx: AttemptContext) -> int:
        """Write a person's action on each row of ``keys`` into its audit trail (who: ``ctx.worker``) without
        changing the row; returns how many rows it found."""
        now = self._clock()
        with self._write() as conn:
            rows = conn.execute(
                sa.select(
                    records.c.tenant, records.c.integration, records.c.entity, records.c.source_id, records.c.status
                ).where(_key_condition(keys))
            ).all()
            for row in rows:
                self._audit(conn, ctx, action, Status(row.status), now, [(_row_key(row), Status(row.status))])
            return len(rows)

    def note_request(self, keys: Sequence[RecordKey], *, action: str, ctx: AttemptContext) -> None:
        """Write a person's request about each key into its audit trail (who: ``ctx.worker``), whether or not the
        ledger holds the record yet (an order asked for before any run read it): the trail outlives it anyway."""
        if not keys:
            return
        now = self._clock()
        with self._write() as conn:
            found = {
                _row_key(row): row.status
                for row in conn.execute(
                    sa.select(
                        records.c.tenant, records.c.integration, records.c.entity, records.c.source_id, records.c.status
                    ).where(_key_condition(list(keys)))
                ).all()
            }
            conn.execute(
                audit.insert(),
                [
                    dict(key._asdict(), at=now, run_id=ctx.run_id, task_id=ctx.task_id, try_number=ctx.try_number,
                         worker=ctx.worker, action=action, from_status=found.get(key), to_status=found.get(key))
                    for key in dict.fromkeys(keys)
                ],
            )  # fmt: skip

    # --------------------------------------------------------------------------------------------------- browsing

    def record_page(self, where: RecordFilter, *, size: int, before_id: int | None = None) -> RecordPage:
        """One page of the records matching ``where``, newest first, with how many match in all."""
        with self._read() as conn:
            return browse.record_page(conn, where, size=size, before_id=before_id)

    def matching_keys(self, where: RecordFilter, *, limit: int) -> list[RecordKey]:
        with self._read() as conn:
            return browse.matching_keys(conn, where, limit=limit)

    def statuses_of(self, keys: Sequence[RecordKey]) -> dict[RecordKey, Status]:
        with self._read() as conn:
            return browse.statuses_of(conn, keys)

    def watermarks(self, tenant: str, integration: str) -> dict[str, Watermark]:
        """Every stream's watermark of one integration of a tenant."""
        with self._read() as conn:
            return browse.watermarks_of(conn, tenant, integration)

    def inbox_last_delivery(self, *, system: str, tenant: str) -> datetime | None:
        with self._read() as conn:
            return browse.last_delivery(conn, system=system, tenant=tenant)

    # ------------------------------------------------------------------------------------------------- watermarks

    def set_watermark(
        self, tenant: str, integration: str, stream: str, value: datetime, boundary_ids: Iterable[str] = ()
    ) -> None:
        with self._write() as conn:
            watermark_store.set_watermark(conn, tenant, integration, stream, value, boundary_ids, self._clock())

    def get_watermark(self, tenant: str, integration: str, stream: str) -> Watermark | None:
        with self._read() as conn:
            return watermark_store.get_watermark(conn, tenant, integration, stream)

    # ---------------------------------------------------------------------------------------------- webhook inbox

    def inbox_put(self, *, received_at: datetime | None = None, **delivery: Unpack[InboxDelivery]) -> bool:
        """Store a webhook event (payload scrubbed of secrets); False when this change was already stored."""
        with self._write() as conn:
            return inbox_store.put(conn, received_at=received_at or self._clock(), **delivery)

    def inbox_reject(
        self, *, system: str, tenant: str, body: bytes, reason: str, received_at: datetime | None = None
    ) -> bool:
        """Keep a signed delivery whose body could not be read (status rejected, with the reason); never drained."""
        with self._write() as conn:
            return inbox_store.reject(
                conn, system=system, tenant=tenant, body=body, reason=reason, received_at=received_at or self._clock()
            )

    def inbox_rejected(self, *, system: str, tenant: str, limit: int = 100) -> list[InboxEvent]:
        with self._read() as conn:
            return inbox_store.rejected(conn, system=system, tenant=tenant, limit=limit)

    def inbox_pending(self, *, system: str, tenant: str, limit: int = 1000) -> list[InboxEvent]:
        with self._read() as conn:
            return inbox_store.pending(conn, system=system, tenant=tenant, limit=limit)

    def inbox_mark_done(self, ids: Iterable[int]) -> int:
        """Mark events applied; returns how many were still pending."""
        with self._write() as conn:
            return inbox_store.mark_done(conn, ids, self._clock())

    def inbox_stats(self, *, system: str | None = None, tenant: str | None = None) -> dict[str, int]:
        with self._read() as conn:
            return inbox_store.stats(conn, system=system, tenant=tenant)

    def inbox_latest_modified(self, *, system: str, tenant: str, resource: str) -> str | None:
        """The newest source modification time among the events received for ``resource`` (as the source wrote it)."""
        with self._read() as conn:
            return inbox_store.latest_modified(conn, system=system, tenant=tenant, resource=resource)

    # ----------------------------------------------------------------------------------------------- internals

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self._engine.begin() as conn:
            yield conn

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self._engine.connect() as conn:
            conn.execution_options(**{READ_ONLY_OPTION: True})
            yield conn

    @staticmethod
    def _lock_row(conn: Connection, key: RecordKey) -> sa.Row[Any] | None:
        return conn.execute(sa.select(records).where(*_key_columns(key)).with_for_update()).one_or_none()

    def _locked_row_for(self, conn: Connection, key: RecordKey, ctx: AttemptContext) -> sa.Row[Any]:
        """The row, locked, provided ``ctx.worker`` may change it.

        A row belongs to its last claimant until a new cycle starts (requeue or a changed source clear the
        claimant), so a worker whose lease expired cannot overwrite what its successor did.
        """
        row = self._lock_row(conn, key)
        if row is None:
            raise RecordNotFoundError(key)
        if ctx.worker is not None and row.claimed_by is not None and row.claimed_by != ctx.worker:
            raise ClaimLostError(key, worker=ctx.worker, claimed_by=row.claimed_by)
        return row

    def _transition(
        self,
        key: RecordKey,
        ctx: AttemptContext,
        action: str,
        to_status: Status,
        now: datetime,
        *,
        values: dict[str, Any],
        target_ref: str | None = None,
        error: str | None = None,
        http_status: int | None = None,
    ) -> None:
        with self._write() as conn:
            row = self._locked_row_for(conn, key, ctx)
            conn.execute(
                records.update()
                .where(records.c.id == row.id)
                .values(status=to_status.value, updated_at=now, run_id=ctx.run_id or row.run_id, **values)
            )
            self._audit(
                conn, ctx, action, to_status, now, [(key, Status(row.status))],
                target_ref=target_ref, error=error, http_status=http_status,
            )  # fmt: skip

    def _finish(
        self, key: RecordKey, ctx: AttemptContext, action: str, to_status: Status, error: str, http_status: int | None
    ) -> None:
        self._transition(
            key, ctx, action, to_status, self._clock(),
            values=dict(last_error=error, last_http_status=http_status, lease_until=None),
            error=error, http_status=http_status,
        )  # fmt: skip

    @staticmethod
    def _audit(
        conn: Connection,
        ctx: AttemptContext,
        action: str,
        to_status: Status,
        at: datetime,
        changes: Sequence[tuple[RecordKey, Status | None]],
        **extra: Any,
    ) -> None:
        """Append one audit row per (key, from_status), in the caller's transaction."""
        conn.execute(
            audit.insert(),
            [
                dict(
                    key._asdict(),
                    at=at,
                    run_id=ctx.run_id,
                    task_id=ctx.task_id,
                    try_number=ctx.try_number,
                    worker=ctx.worker,
                    action=action,
                    from_status=None if from_status is None else from_status.value,
                    to_status=to_status.value,
                    **extra,
                )
                for key, from_status in changes
            ],
        )


def _key_columns(key: RecordKey) -> list[sa.ColumnElement[bool]]:
    return [
        records.c.tenant == key.tenant,
        records.c.integration == key.integration,
        records.c.entity == key.entity,
        records.c.source_id == key.source_id,
    ]


def _record_filter(
    *,
    tenant: str | None,
    integration: str | None,
    entity: str | None,
    statuses: Sequence[str] | None,
    keys: KeyFilter | None,
    since: datetime | None,
    until: datetime | None,
) -> list[sa.ColumnElement[bool]]:
    """The conditions for rows matching every filter given (None: no filter); ``since``/``until`` bound
    ``updated_at``, half-open."""
    conditions: list[sa.ColumnElement[bool]] = []
    for column, value in (("tenant", tenant), ("integration", integration), ("entity", entity)):
        if value is not None:
            conditions.append(records.c[column] == value)
    if statuses is not None:
        conditions.append(records.c.status.in_([str(status) for status in statuses]))
    if keys is not None:
        conditions.append(_key_condition(keys))
    if since is not None:
        conditions.append(records.c.updated_at >= since)
    if until is not None:
        conditions.append(records.c.updated_at < until)
    return conditions


def _key_condition(keys: KeyFilter) -> sa.ColumnElement[bool]:
    """Rows matching any of ``keys``: full RecordKeys, or bare source ids within the other filters."""
    source_ids: list[str] = []
    by_scope: dict[tuple[str, str, str], list[str]] = {}
    for key in keys:
        if isinstance(key, RecordKey):
            by_scope.setdefault((key.tenant, key.integration, key.entity), []).append(key.source_id)
        else:
            source_ids.append(str(key))
    alternatives: list[sa.ColumnElement[bool]] = [
        sa.and_(
            records.c.tenant == tenant,
            records.c.integration == integration,
            records.c.entity == entity,
            records.c.source_id.in_(ids),
        )
        for (tenant, integration, entity), ids in by_scope.items()
    ]
    if source_ids:
        alternatives.append(records.c.source_id.in_(source_ids))
    return sa.or_(sa.false(), *alternatives)


def _source_id_prefix_condition(prefixes: Sequence[str]) -> sa.ColumnElement[bool]:
    """Rows whose source id starts with any of ``prefixes``. Compared as a substring, not with LIKE: SQLite's LIKE
    ignores case and both databases' LIKE treat ``%`` and ``_`` as wildcards, while a source id is exact text.

    One ``substr(...) IN (...)`` per prefix length, not one comparison per prefix: a row is then checked against a
    few sets (prefixes of similar ids share a length) instead of every prefix in turn."""
    by_length: dict[int, set[str]] = {}
    for prefix in prefixes:
        by_length.setdefault(len(prefix), set()).add(prefix)
    return sa.or_(
        sa.false(),
        *(
            sa.func.substr(records.c.source_id, 1, length).in_(sorted(same_length))
            for length, same_length in sorted(by_length.items())
        ),
    )


# A row of any width: SQLAlchemy types a row by its columns, these helpers read columns by name.
def _row_key(row: sa.Row[*tuple[Any, ...]]) -> RecordKey:
    return RecordKey(row.tenant, row.integration, row.entity, row.source_id)


def _record(row: sa.Row[Any]) -> LedgerRecord:
    return LedgerRecord(
        id=row.id,
        key=_row_key(row),
        status=Status(row.status),
        attempts=row.attempts,
        payload=row.payload,
        payload_hash=row.payload_hash,
        source_modified=row.source_modified,
        target_ref=row.target_ref,
        target_id=row.target_id,
        last_error=row.last_error,
        last_http_status=row.last_http_status,
        run_id=row.run_id,
        claimed_by=row.claimed_by,
        lease_until=row.lease_until,
        created_at=row.created_at,
        updated_at=row.updated_at,
        applied_payload=row.applied_payload,
    )


def _audit_entry(row: sa.Row[Any]) -> AuditEntry:
    return AuditEntry(
        id=row.id,
        key=_row_key(row),
        at=row.at,
        run_id=row.run_id,
        task_id=row.task_id,
        try_number=row.try_number,
        worker=row.worker,
        action=row.action,
        from_status=None if row.from_status is None else Status(row.from_status),
        to_status=None if row.to_status is None else Status(row.to_status),
        target_ref=row.target_ref,
        target_id=row.target_id,
        http_status=row.http_status,
        error=row.error,
    )
