"""Versioned schema: a fresh database gets the current tables at once; an older one runs the ordered upgrades.

``erplink_schema_version`` holds one row per version reached. ``migrate`` runs in a single transaction under a
database-wide lock (an advisory lock on PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite), so two processes starting
together neither race to create tables nor apply a step twice; run again, it changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from erplink.ledger.schema import metadata, records, schema_version

# The version whose tables ``schema.py`` described before any upgrade existed.
BASELINE_VERSION = 1

# Any 64-bit number unique to this package: the key of PostgreSQL's advisory lock around migrations.
_PG_LOCK_KEY = 0x6572706C696E6B  # "erplink"


@dataclass(frozen=True)
class Upgrade:
    """Brings a database from ``version - 1`` to ``version`` (e.g. adds a column that ``schema.py`` now declares)."""

    version: int
    description: str
    apply: Callable[[Connection], None]


def _add_applied_payload(conn: Connection) -> None:
    column = records.c.applied_payload
    conn.execute(sa.text(f"ALTER TABLE {records.name} ADD COLUMN {column.name} {column.type.compile(conn.dialect)}"))


def _add_browse_index(conn: Connection) -> None:
    [index] = [index for index in records.indexes if index.name == "ix_erplink_records_browse"]
    index.create(conn, checkfirst=True)


# Ordered steps after the baseline. Each step must also be reflected in schema.py, which fresh databases use.
UPGRADES: tuple[Upgrade, ...] = (
    # Rows loaded before it have none, which reads as "the target holds the stored payload": true of every row done.
    Upgrade(2, "erplink_records.applied_payload", _add_applied_payload),
    # The erplink page lists one integration's rows by status across entities, newest first.
    Upgrade(3, "ix_erplink_records_browse", _add_browse_index),
)


def latest_version(upgrades: Sequence[Upgrade] = UPGRADES) -> int:
    return max([BASELINE_VERSION, *(step.version for step in upgrades)])


def applied_version(engine: Engine) -> int | None:
    """The schema version a database has reached, or None when it was never migrated."""
    with engine.connect() as conn:
        if not sa.inspect(conn).has_table(schema_version.name):
            return None
        version: int | None = conn.scalar(sa.select(sa.func.max(schema_version.c.version)))
        return version


def migrate(engine: Engine, *, upgrades: Sequence[Upgrade] = UPGRADES) -> int:
    """Bring the database to the latest version and return it. Idempotent and safe to run concurrently."""
    steps = sorted(upgrades, key=lambda step: step.version)
    target = latest_version(steps)
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_PG_LOCK_KEY)))
        schema_version.create(conn, checkfirst=True)
        current: int | None = conn.scalar(sa.select(sa.func.max(schema_version.c.version)))
        if current is None:
            metadata.create_all(conn)
            _stamp(conn, target, "created at the current schema")
            return target
        for step in steps:
            if step.version > current:
                step.apply(conn)
                _stamp(conn, step.version, step.description)
        return max(current, target)


def _stamp(conn: Connection, version: int, description: str) -> None:
    conn.execute(schema_version.insert().values(version=version, description=description, applied_at=datetime.now(UTC)))
