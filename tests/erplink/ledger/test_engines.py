"""Engine set-up: SQLite concurrency settings, where every part finds the ledger, and opening one without creating it."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
import sqlalchemy as sa

from erplink.ledger import Ledger, LedgerNotFoundError, LedgerUnavailableError
from erplink.ledger.engines import ledger_url_from_env, resolve_ledger


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


def test_each_ledger_setting_is_named_as_the_one_that_chose_the_ledger(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AIRFLOW_CONN_ERPLINK_LEDGER", "postgresql://erp:s3cret@db.internal:5433/ledger")
    by_url = resolve_ledger({"ERPLINK_LEDGER_URL": "sqlite:///somewhere/ledger.db"})
    by_connection = resolve_ledger({"ERPLINK_LEDGER_CONN_ID": "erplink_ledger"})
    by_default = resolve_ledger({})
    assert by_url.describe() == f"{Path('somewhere/ledger.db').absolute()} (ERPLINK_LEDGER_URL)"
    assert by_connection.describe().startswith("postgresql+psycopg2://erp:***@db.internal:5433/ledger")
    assert "ERPLINK_LEDGER_CONN_ID=erplink_ledger" in by_connection.describe()
    assert "s3cret" not in by_connection.describe()
    assert by_default.sqlite_file == Path(".erplink/ledger.db").absolute()


def test_opening_an_existing_ledger_where_there_is_none_names_the_file_and_creates_nothing(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ERPLINK_LEDGER_URL", raising=False)
    monkeypatch.delenv("ERPLINK_LEDGER_CONN_ID", raising=False)
    with pytest.raises(LedgerNotFoundError) as refused:
        Ledger.open_existing()
    assert str(tmp_path / ".erplink" / "ledger.db") in str(refused.value)
    assert list(tmp_path.iterdir()) == []


def test_a_database_without_the_ledger_schema_is_not_a_ledger(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    sa.create_engine(f"sqlite:///{empty}").connect().close()  # an empty SQLite file
    with pytest.raises(LedgerNotFoundError, match="empty.db"):
        Ledger.open_existing(resolve_ledger({"ERPLINK_LEDGER_URL": f"sqlite:///{empty}"}))


def test_a_ledger_server_that_refuses_is_reported_in_one_line_without_its_password() -> None:
    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    location = resolve_ledger({"ERPLINK_LEDGER_URL": f"postgresql+psycopg2://erp:s3cret@127.0.0.1:{port}/ledger"})
    with pytest.raises(LedgerUnavailableError) as refused:
        Ledger.open_existing(location)
    message = str(refused.value)
    assert f"127.0.0.1:{port}" in message and "refused" in message.lower()
    assert "s3cret" not in message and "\n" not in message


def test_an_existing_ledger_opens_without_being_changed(tmp_path: Path) -> None:
    location = resolve_ledger({"ERPLINK_LEDGER_URL": f"sqlite:///{tmp_path / 'ledger.db'}"})
    created = Ledger(location.url)
    created.migrate()
    created.dispose()
    opened = Ledger.open_existing(location)
    assert opened.counts("shop1", "qad_woo") == {}
    opened.dispose()
