"""Ledger fixtures for every test package that needs a real ledger; conftests import them by name."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from erplink.ledger import Ledger
from tests.erplink.ledger.helpers import FakeClock


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def ledger(database_url: str, clock: FakeClock) -> Iterator[Ledger]:
    """A migrated ledger on each backend, with a fake clock."""
    instance = Ledger(database_url, clock=clock)
    instance.migrate()
    yield instance
    instance.dispose()
