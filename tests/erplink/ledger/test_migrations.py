"""Schema versioning: fresh create, idempotent re-runs, concurrent runs, and ordered upgrades."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

from erplink.ledger import Ledger
from erplink.ledger.migrations import (
    BASELINE_VERSION,
    UPGRADES,
    Upgrade,
    applied_version,
    latest_version,
    migrate,
)
from erplink.ledger.models import RecordKey
from erplink.ledger.schema import schema_version

REPO_ROOT = Path(__file__).resolve().parents[3]
EXPECTED_TABLES = {"erplink_schema_version", "erplink_records", "erplink_audit", "erplink_watermarks", "erplink_webhook_inbox"}


def _versions(engine: sa.Engine) -> list[int]:
    with engine.connect() as conn:
        return list(conn.scalars(sa.select(schema_version.c.version).order_by(schema_version.c.version)))


def test_migrate_twice_creates_the_tables_once_and_stamps_one_version(database_url: str) -> None:
    ledger = Ledger(database_url)
    assert applied_version(ledger.engine) is None
    ledger.migrate()
    ledger.migrate()
    assert EXPECTED_TABLES <= set(sa.inspect(ledger.engine).get_table_names())
    assert _versions(ledger.engine) == [latest_version()]
    ledger.dispose()


def test_migrate_creates_the_claim_and_replay_indexes(database_url: str) -> None:
    ledger = Ledger(database_url)
    ledger.migrate()
    indexes = {index["name"] for index in sa.inspect(ledger.engine).get_indexes("erplink_records")}
    assert {"ix_erplink_records_claim", "ix_erplink_records_replay"} <= indexes
    ledger.dispose()


def test_two_processes_migrating_at_once_both_succeed_and_stamp_once(database_url: str) -> None:
    script = "import sys; from erplink.ledger import Ledger; Ledger(sys.argv[1]).migrate()"
    processes = [
        subprocess.Popen([sys.executable, "-c", script, database_url], cwd=REPO_ROOT, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    for process in processes:
        _, stderr = process.communicate(timeout=60)
        assert process.returncode == 0, stderr
    engine = sa.create_engine(database_url)
    assert _versions(engine) == [latest_version()]
    engine.dispose()


def test_an_upgrade_step_runs_once_on_a_database_at_an_older_version(database_url: str) -> None:
    ledger = Ledger(database_url)
    ledger.migrate()

    def add_note_column(conn: sa.Connection) -> None:
        conn.execute(sa.text("ALTER TABLE erplink_records ADD COLUMN note VARCHAR(50)"))

    current = latest_version()
    upgrade = Upgrade(current + 1, "records.note", add_note_column)
    assert migrate(ledger.engine, upgrades=[*UPGRADES, upgrade]) == current + 1
    # A second run must not apply the ALTER again (it would fail with "duplicate column").
    assert migrate(ledger.engine, upgrades=[*UPGRADES, upgrade]) == current + 1
    columns = {column["name"] for column in sa.inspect(ledger.engine).get_columns("erplink_records")}
    assert "note" in columns
    assert _versions(ledger.engine) == [current, current + 1]
    ledger.dispose()


def test_a_baseline_ledger_gains_the_applied_payload_column_and_keeps_its_rows(database_url: str) -> None:
    """A ledger created before the applied payload was kept: its rows read as "the target holds the payload"."""
    ledger = Ledger(database_url)
    migrate(ledger.engine, upgrades=())
    with ledger.engine.begin() as conn:  # the records table as the baseline created it
        conn.execute(sa.text("ALTER TABLE erplink_records DROP COLUMN applied_payload"))
    key = RecordKey("t", "i", "order", "1")
    with ledger.engine.begin() as conn:
        conn.execute(sa.text(
            "INSERT INTO erplink_records (tenant, integration, entity, source_id, payload_hash, payload, status, "
            "attempts, target_id, created_at, updated_at) VALUES ('t', 'i', 'order', '1', 'h', '{\"a\": 1}', 'done', "
            "1, 'SO-1', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))

    assert ledger.migrate() is None and _versions(ledger.engine) == [BASELINE_VERSION, *(u.version for u in UPGRADES)]

    record = ledger.get(key)
    assert record is not None and record.applied_payload is None and record.payload_at_target == {"a": 1}
    ledger.upsert_source(key, payload={"a": 2}, source_modified=None, run_id="r")
    assert ledger.get(key).payload_at_target == {"a": 1}, "the payload the target holds is kept aside"
    ledger.dispose()


def test_a_ledger_at_version_2_gains_the_browse_index_and_a_fresh_one_has_it(database_url: str) -> None:
    """The erplink page's list of one integration's rows by status relies on ix_erplink_records_browse."""
    ledger = Ledger(database_url)
    migrate(ledger.engine, upgrades=[step for step in UPGRADES if step.version <= 2])
    with ledger.engine.begin() as conn:  # the records table as version 2 had it
        conn.execute(sa.text("DROP INDEX ix_erplink_records_browse"))
    assert "ix_erplink_records_browse" not in {i["name"] for i in sa.inspect(ledger.engine).get_indexes("erplink_records")}

    ledger.migrate()

    indexes = {i["name"]: i["column_names"] for i in sa.inspect(ledger.engine).get_indexes("erplink_records")}
    assert indexes["ix_erplink_records_browse"] == ["tenant", "integration", "status", "id"]
    assert _versions(ledger.engine)[-1] == latest_version() == 3
    ledger.dispose()
