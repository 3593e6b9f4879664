"""Fixtures for the BigCommerce stand-in: a small world, a clock that moves only when told, and a requests
session (through the in-process ASGI adapter) carrying the store's access token."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests
from fastapi.testclient import TestClient
from sandbox import Sandbox
from sandbox.bigcommerce import create_sandbox
from sandbox.seed import World, generate_world

from tests.support.asgi_session import asgi_session

WORLD_NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
BASE_URL = "https://api.bigcommerce.test"
LOOPBACK_CLIENT = ("127.0.0.1", 50000)


class FakeClock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture(scope="session")
def world() -> World:
    return generate_world(seed=7, orders=60, skus=24, now=WORLD_NOW)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(WORLD_NOW + timedelta(hours=1))


@pytest.fixture
def options() -> dict[str, Any]:
    """Sandbox options for one test; the defaults are the unkind store."""
    return {}


@pytest.fixture
def bigcommerce(world: World, clock: FakeClock, options: dict[str, Any]) -> Sandbox:
    return create_sandbox(world, clock=clock, **options)


def store_url(sandbox: Sandbox, path: str) -> str:
    """`v2/orders` -> the full URL of that path in the sandbox store."""
    return f"{BASE_URL}/stores/{sandbox.state.options.store_hash}/{path.lstrip('/')}"


@pytest.fixture
def api(bigcommerce: Sandbox) -> Iterator[requests.Session]:
    with asgi_session(bigcommerce.app) as session:
        session.headers["X-Auth-Token"] = bigcommerce.state.credentials.access_token
        session.headers["Accept"] = "application/json"
        yield session


@pytest.fixture
def anonymous(bigcommerce: Sandbox) -> Iterator[requests.Session]:
    with asgi_session(bigcommerce.app) as session:
        yield session


@pytest.fixture
def admin(bigcommerce: Sandbox) -> Iterator[TestClient]:
    with TestClient(bigcommerce.app, base_url=f"{BASE_URL}/__admin__/bigcommerce", client=LOOPBACK_CLIENT) as client:
        yield client
