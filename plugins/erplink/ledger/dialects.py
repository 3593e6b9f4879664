"""The one place that picks dialect-specific SQL (INSERT ... ON CONFLICT exists on both backends, spelt per dialect)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection


def insert_for(conn: Connection, table: sa.Table) -> postgresql.Insert | sqlite.Insert:
    """An INSERT that offers ``on_conflict_do_nothing`` / ``on_conflict_do_update`` on PostgreSQL and SQLite."""
    if conn.dialect.name == "postgresql":
        return postgresql.insert(table)
    if conn.dialect.name == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(f"the ledger supports SQLite and PostgreSQL, not {conn.dialect.name}")
