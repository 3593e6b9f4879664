from __future__ import annotations

from collections.abc import Iterator

import pytest

from erplink.ledger import Ledger
from tests.erplink.webhooks.support import WOO_CONN, WOO_SECRET, connection_env


@pytest.fixture
def ledger(database_url: str) -> Iterator[Ledger]:
    """A migrated ledger on each backend (SQLite, PostgreSQL)."""
    instance = Ledger(database_url)
    instance.migrate()
    yield instance
    instance.engine.dispose()


@pytest.fixture
def sqlite_ledger(tmp_path) -> Iterator[Ledger]:
    """A migrated SQLite ledger, for tests about HTTP behaviour rather than storage."""
    instance = Ledger(f"sqlite:///{tmp_path / 'ledger.db'}")
    instance.migrate()
    yield instance
    instance.engine.dispose()


@pytest.fixture(autouse=True)
def woo_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    """The WooCommerce tenant's store connection, holding its webhook secret."""
    name, value = connection_env(WOO_CONN, {"webhook_secret": WOO_SECRET})
    monkeypatch.setenv(name, value)
