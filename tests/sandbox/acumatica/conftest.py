"""Fixtures for the Acumatica stand-in: a small world, a clock that moves only when told, and clients.

`api` is a requests session (through the in-process ASGI adapter) carrying a bearer token; cookie sessions use
Starlette's test client, which keeps cookies as a browser would.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests
from fastapi.testclient import TestClient
from sandbox import Sandbox
from sandbox.acumatica import create_sandbox
from sandbox.seed import World, generate_world

from tests.support.asgi_session import asgi_session

WORLD_NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
BASE_URL = "https://acumatica.test"
SITE = "/AcumaticaERP"
ENDPOINT = f"{SITE}/entity/Default/24.200.001"
TOKEN_PATH = f"{SITE}/identity/connect/token"
LOGIN_PATH = f"{SITE}/entity/auth/login"
LOGOUT_PATH = f"{SITE}/entity/auth/logout"
TOKEN_LIFETIME_S = 300
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
    return generate_world(seed=7, orders=40, skus=24, now=WORLD_NOW)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(WORLD_NOW + timedelta(hours=1))


@pytest.fixture
def acumatica(world: World, clock: FakeClock) -> Sandbox:
    return create_sandbox(world, clock=clock, token_lifetime_s=TOKEN_LIFETIME_S)


def url(path: str) -> str:
    return f"{BASE_URL}{path}"


def entity_url(path: str) -> str:
    return url(f"{ENDPOINT}/{path.lstrip('/')}")


def password_grant(session: requests.Session, sandbox: Sandbox, *, scope: str = "api offline_access") -> dict[str, Any]:
    credentials = sandbox.state.credentials
    response = session.post(url(TOKEN_PATH), data={
        "grant_type": "password", "client_id": credentials.client_id, "client_secret": credentials.client_secret,
        "username": credentials.username, "password": credentials.password, "scope": scope})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


@pytest.fixture
def anonymous(acumatica: Sandbox) -> Iterator[requests.Session]:
    with asgi_session(acumatica.app) as session:
        yield session


@pytest.fixture
def api(acumatica: Sandbox) -> Iterator[requests.Session]:
    """A requests session holding a bearer token of the sandbox's OAuth client."""
    with asgi_session(acumatica.app) as session:
        session.headers["Authorization"] = f"Bearer {password_grant(session, acumatica)['access_token']}"
        yield session


def cookie_client(sandbox: Sandbox) -> TestClient:
    return TestClient(sandbox.app, base_url=BASE_URL)


def login(client: TestClient, sandbox: Sandbox, **extra: str) -> Any:
    credentials = sandbox.state.credentials
    return client.post(LOGIN_PATH, json={"name": credentials.username, "password": credentials.password,
                                         "tenant": "Company", **extra})


@pytest.fixture
def admin(acumatica: Sandbox) -> Iterator[TestClient]:
    with TestClient(acumatica.app, base_url=url("/__admin__/acumatica"), client=LOOPBACK_CLIENT) as client:
        yield client


def wrapped(**fields: Any) -> dict[str, Any]:
    """`{"Name": {"value": v}}` for each field: the form every request body takes."""
    return {name: {"value": value} for name, value in fields.items()}


def value(record: dict[str, Any], field: str) -> Any:
    return record[field].get("value")


def first_item(sandbox: Sandbox, status: str = "Active") -> str:
    return str(next(value(item, "InventoryID") for item in sandbox.state.documents("StockItem")
                    if value(item, "ItemStatus") == status))


def first_customer(sandbox: Sandbox) -> str:
    return str(value(sandbox.state.documents("Customer")[0], "CustomerID"))


def new_invoice(api: requests.Session, sandbox: Sandbox, *, invoice_type: str = "Invoice", hold: bool = False,
                qty: float = 2, price: float = 10.5, headers: dict[str, str] | None = None) -> requests.Response:
    body = {**wrapped(Type=invoice_type, CustomerID=first_customer(sandbox), Hold=hold, Description="WC-shop-1042"),
            "Details": [wrapped(InventoryID=first_item(sandbox), Qty=qty, UnitPrice=price)]}
    return api.put(entity_url("SalesInvoice"), params={"$expand": "Details"}, json=body, headers=headers)
