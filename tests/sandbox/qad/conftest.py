"""Fixtures for the QAD stand-in: a small generated world, a controllable clock, and clients whose every
tenant response is checked against the tenant's own OpenAPI document."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sandbox import Sandbox
from sandbox.qad import create_sandbox
from sandbox.seed import World, generate_world
from tests.sandbox.qad.openapi_contract import OpenApiContract, response_checker

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


@pytest.fixture(scope="session")
def contract(world: World) -> OpenApiContract:
    """The OpenAPI document a tenant serves (the same for every sandbox), fetched once for the session."""
    client = TestClient(create_sandbox(world).app, client=LOOPBACK_CLIENT)
    return OpenApiContract(client.get("/tenants/acme/api/swagger.json").json())


def _client(qad: Sandbox, contract: OpenApiContract, tenant: str, **options: Any) -> TestClient:
    client = TestClient(qad.app, base_url=f"http://testserver/tenants/{tenant}", **options)
    client.event_hooks = {"request": [], "response": [response_checker(contract, f"/tenants/{tenant}")]}
    return client


@pytest.fixture
def anonymous(qad: Sandbox, contract: OpenApiContract) -> Iterator[TestClient]:
    """A client of tenant `acme` without a token; responses are checked against the OpenAPI document."""
    with _client(qad, contract, "acme", client=LOOPBACK_CLIENT) as client:
        yield client


def login(client: TestClient, qad: Sandbox, tenant: str = "acme") -> str:
    credentials = qad.state.credentials(tenant=tenant)
    response = client.post("/api/auth/login", json={"username": credentials.username, "password": credentials.password})
    assert response.status_code == 200, response.text
    return response.json()["token"]


@pytest.fixture
def api(qad: Sandbox, contract: OpenApiContract) -> Iterator[TestClient]:
    """A logged-in client of tenant `acme`; responses are checked against the OpenAPI document."""
    with _client(qad, contract, "acme", client=LOOPBACK_CLIENT) as client:
        client.headers["Authorization"] = f"Bearer {login(client, qad)}"
        yield client


@pytest.fixture
def globex_api(qad: Sandbox, contract: OpenApiContract) -> Iterator[TestClient]:
    """A logged-in client of the second tenant, `globex`."""
    with _client(qad, contract, "globex", client=LOOPBACK_CLIENT) as client:
        client.headers["Authorization"] = f"Bearer {login(client, qad, 'globex')}"
        yield client


@pytest.fixture
def admin(qad: Sandbox) -> Iterator[TestClient]:
    """A loopback client of the admin routes."""
    with TestClient(qad.app, base_url="http://testserver/__admin__/qad", client=LOOPBACK_CLIENT) as client:
        yield client


def error_code(response: Any) -> str:
    code: str = response.json()["error"]["code"]
    return code
