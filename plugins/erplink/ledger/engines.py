"""Database engines for the ledger: a SQLite file by default, PostgreSQL by URL or Airflow connection id."""

from __future__ import annotations

import os
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

DEFAULT_SQLITE_PATH = Path(".erplink") / "ledger.db"
URL_ENV = "ERPLINK_LEDGER_URL"
CONN_ID_ENV = "ERPLINK_LEDGER_CONN_ID"

# Writers wait this long for SQLite's single write lock instead of failing with "database is locked".
SQLITE_BUSY_TIMEOUT_MS = 30_000

# Execution option read by the SQLite "begin" hook: reads start a deferred transaction, writes an immediate one.
READ_ONLY_OPTION = "erplink_read_only"

_configured_sqlite_engines: weakref.WeakSet[Engine] = weakref.WeakSet()


def create_ledger_engine(url: str | sa.URL) -> Engine:
    """An engine for a SQLAlchemy URL; SQLite files are set up for concurrent threads and processes."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database in (None, "", ":memory:"):
            raise ValueError(
                "the ledger needs a SQLite file (shared by threads and processes), not an in-memory database"
            )
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(parsed, connect_args={"check_same_thread": False})
        configure_sqlite(engine)
        return engine
    return sa.create_engine(parsed, pool_pre_ping=True)


def configure_sqlite(engine: Engine) -> None:
    """WAL and busy_timeout for concurrency, and explicit BEGINs so that a write transaction holds the write lock.

    Python's sqlite3 module otherwise opens transactions lazily and never around a SELECT, so a read-then-write
    (a claim) could interleave with another writer. Every transaction here starts with ``BEGIN IMMEDIATE`` unless the
    connection is marked read-only; together with busy_timeout this serialises writers without deadlocks.
    Configuring an engine twice is a no-op.
    """
    if engine in _configured_sqlite_engines:
        return
    _configured_sqlite_engines.add(engine)

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy's "begin" hook below emits BEGIN itself
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        read_only = conn.get_execution_options().get(READ_ONLY_OPTION, False)
        conn.exec_driver_sql("BEGIN DEFERRED" if read_only else "BEGIN IMMEDIATE")


@dataclass(frozen=True)
class LedgerLocation:
    """Where the ledger is and which setting chose it, so a message can tell an operator where to look."""

    url: str
    chosen_by: str  # the variable that named it, or "the default"

    @property
    def sqlite_file(self) -> Path | None:
        """The SQLite file, made absolute against the working directory, or None for a server database."""
        parsed = sa.make_url(self.url)
        if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
            return None
        return Path(parsed.database).absolute()

    def describe(self) -> str:
        """The file or the URL (password hidden) and the setting that chose it."""
        where = self.sqlite_file or sa.make_url(self.url).render_as_string(hide_password=True)
        return f"{where} ({self.chosen_by})"


def resolve_ledger(environ: os._Environ[str] | dict[str, str] | None = None) -> LedgerLocation:
    """The one place that decides which ledger every part uses (tasks, webhook receiver, `erplink`, the demo).

    ``ERPLINK_LEDGER_URL``, else the Airflow connection in ``ERPLINK_LEDGER_CONN_ID``, else a SQLite file under
    the working directory.
    """
    env = os.environ if environ is None else environ
    if env.get(URL_ENV):
        return LedgerLocation(env[URL_ENV], URL_ENV)
    if env.get(CONN_ID_ENV):
        return LedgerLocation(postgres_url_from_connection(env[CONN_ID_ENV]), f"{CONN_ID_ENV}={env[CONN_ID_ENV]}")
    return LedgerLocation(
        f"sqlite:///{DEFAULT_SQLITE_PATH}", f"the default; set {URL_ENV} or {CONN_ID_ENV} to change it"
    )


def ledger_url_from_env(environ: os._Environ[str] | dict[str, str] | None = None) -> str:
    """The ledger URL that ``resolve_ledger`` chooses."""
    return resolve_ledger(environ).url


def postgres_url_from_connection(conn_id: str) -> str:
    """SQLAlchemy URL of an Airflow postgres connection (imported lazily: the ledger works without Airflow)."""
    from airflow.providers.postgres.hooks.postgres import PostgresHook

    uri = PostgresHook(postgres_conn_id=conn_id).get_uri()
    # The hook's URI names the bare "postgresql" scheme; pin the driver the project installs.
    return sa.make_url(uri).set(drivername="postgresql+psycopg2").render_as_string(hide_password=False)
