"""Engine set-up: SQLite concurrency settings and where Ledger.from_env looks."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from erplink.ledger import Ledger
from erplink.ledger.engines import ledger_url_from_env


def test_sqlite_ledgers_use_wal_and_a_busy_timeout(tmp_path: Path) -> None:
    ledger = Ledger(f"sqlite:///{tmp_path / 'ledger.db'}")
    with ledger.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    ledger.dispose()


def test_an_engine_made_elsewhere_gets_the_same_sqlite_set_up_once(tmp_path: Path) -> None:
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'ledger.db'}")
    first, second = Ledger(engine), Ledger(engine)  # configuring twice must not emit BEGIN twice
    first.migrate()
    second.migrate()
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    engine.dispose()


def test_in_memory_sqlite_is_refused_because_workers_could_not_share_it() -> None:
    with pytest.raises(ValueError, match="SQLite file"):
        Ledger("sqlite://")


def test_from_env_prefers_the_url_variable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'env.db'}"
    monkeypatch.setenv("ERPLINK_LEDGER_URL", url)
    ledger = Ledger.from_env()
    assert str(ledger.engine.url) == url
    ledger.dispose()


def test_from_env_defaults_to_a_sqlite_file_under_the_working_directory() -> None:
    assert ledger_url_from_env({}) == "sqlite:///.erplink/ledger.db"


def test_from_env_reads_an_airflow_postgres_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AIRFLOW_CONN_ERPLINK_LEDGER", "postgresql://erp:p%40ss@db.internal:5433/ledger")
    url = sa.make_url(ledger_url_from_env({"ERPLINK_LEDGER_CONN_ID": "erplink_ledger"}))
    assert (url.drivername, url.host, url.port, url.database, url.username, url.password) == (
        "postgresql+psycopg2", "db.internal", 5433, "ledger", "erp", "p@ss",
    )  # fmt: skip
