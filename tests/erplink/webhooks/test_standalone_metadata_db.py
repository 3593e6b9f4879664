"""A receiver running alone that writes asset events straight into Airflow's metadata database never creates that
database: a missing or unmigrated one fails the wake with the cause, while the delivery itself is kept."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.erplink.webhooks.support import WOO_CONN, WOO_SECRET, connection_env

REPO = Path(__file__).resolve().parents[3]


def _run_receiver_alone(tmp_path: Path, metadata_db: Path) -> dict:
    home = tmp_path / "airflow-home"
    home.mkdir(exist_ok=True)
    name, value = connection_env(WOO_CONN, {"webhook_secret": WOO_SECRET})
    env = {
        **os.environ,
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{metadata_db}",
        "ERPLINK_LEDGER_URL": f"sqlite:///{tmp_path / 'ledger.db'}",
        "ERPLINK_WEBHOOK_TENANTS": json.dumps({"shop1": {"system": "woocommerce", "conn_id": WOO_CONN}}),
        name: value,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    }
    env.pop("ERPLINK_AIRFLOW_API_CONN_ID", None)
    result = subprocess.run([sys.executable, "-m", "tests.erplink.webhooks.standalone_receiver_child"], env=env,
                            cwd=str(REPO), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_missing_metadata_database_is_not_created_and_the_wake_names_why(tmp_path: Path) -> None:
    metadata_db = tmp_path / "airflow.db"

    outcome = _run_receiver_alone(tmp_path, metadata_db)

    assert outcome["status"] == 200, "the delivery is in the inbox whatever the wake does"
    assert outcome["wake"]["failed"] == 1
    assert "does not exist" in outcome["wake"]["last_error"] and "airflow db migrate" in outcome["wake"]["last_error"]
    assert not metadata_db.exists(), "the receiver created an empty Airflow database"


def test_an_unmigrated_metadata_database_is_left_as_it_is(tmp_path: Path) -> None:
    metadata_db = tmp_path / "airflow.db"
    with sqlite3.connect(metadata_db) as conn:
        conn.execute("CREATE TABLE unrelated (id INTEGER)")
    before = _tables(metadata_db)

    outcome = _run_receiver_alone(tmp_path, metadata_db)

    assert outcome["status"] == 200 and outcome["wake"]["failed"] == 1
    assert "is not migrated" in outcome["wake"]["last_error"]
    assert _tables(metadata_db) == before


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
