"""Fixtures for the QAD sandbox: a small generated world, a controllable clock, the sandbox and its admin routes
(clients of a tenant's REST API are in `rest/conftest.py`)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sandbox import Sandbox
from sandbox.qad import create_sandbox
from sandbox.seed import World, generate_world

WORLD_NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
LOOPBACK_CLIENT = ("127.0.0.1", 50000)


class FakeClock:
    """A clock that moves only when told to."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture(scope="session")
def world() -> World:
    return generate_world(seed=7, orders=20, skus=20, now=WORLD_NOW)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(WORLD_NOW + timedelta(hours=1))


@pytest.fixture
def qad(world: World, clock: FakeClock) -> Sandbox:
    return create_sandbox(world, clock=clock, token_lifetime_s=300)


@pytest.fixture
def admin(qad: Sandbox) -> Iterator[TestClient]:
    """A loopback client of the admin routes."""
    with TestClient(qad.app, base_url="http://testserver/__admin__/qad", client=LOOPBACK_CLIENT) as client:
        yield client


def error_code(response: Any) -> str:
    """The code of QAD's bare error body: the HTTP status as text."""
    code: str = response.json()["errors"][0]["code"]
    return code
