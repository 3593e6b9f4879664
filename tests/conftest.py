"""Session-wide test set-up.

Airflow reads AIRFLOW_HOME when it is first imported, so the environment is fixed here, before any test module
imports it: a private home, SQLite metadata, no examples, and the repository's dags folder.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
_AIRFLOW_HOME = Path(tempfile.mkdtemp(prefix="erplink-airflow-home-"))

os.environ["AIRFLOW_HOME"] = str(_AIRFLOW_HOME)
os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
os.environ["AIRFLOW__CORE__DAGS_FOLDER"] = str(REPO_ROOT / "dags")
os.environ["AIRFLOW__CORE__PLUGINS_FOLDER"] = str(_AIRFLOW_HOME / "plugins")
os.environ["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"] = f"sqlite:///{_AIRFLOW_HOME / 'airflow.db'}"
os.environ["AIRFLOW__CORE__UNIT_TEST_MODE"] = "False"
os.environ.setdefault("ERPLINK_LEDGER_URL", f"sqlite:///{_AIRFLOW_HOME / 'ledger.db'}")

from hypothesis import Phase, settings  # noqa: E402  (after the environment above, like every import here)

# Property tests replay their failing example from the printed seed; the "explain" phase traces every line run and
# makes a failing example against a sandbox take minutes, so it is left out. Examples are derandomized in CI so a
# failure there is the one a developer reproduces.
settings.register_profile("erplink", phases=[p for p in Phase if p is not Phase.explain], print_blob=True,
                          derandomize=os.environ.get("CI") == "true")
settings.load_profile("erplink")


def pytest_unconfigure(config: pytest.Config) -> None:
    """The private Airflow home goes when the session does (the last hook pytest calls, whatever the outcome)."""
    shutil.rmtree(_AIRFLOW_HOME, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """URL of a real PostgreSQL 15 server started for this test session (see tests/support/postgres.py)."""
    from tests.support.postgres import postgres_server

    with postgres_server() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database on each backend the ledger supports: a SQLite file, then a PostgreSQL schema.

    Tests that store data take this fixture so that they run on both backends.
    """
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'ledger.db'}"
        return
    import sqlalchemy as sa

    base = request.getfixturevalue("postgres_url")
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f"CREATE DATABASE {name}"))
    try:
        yield base.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()
