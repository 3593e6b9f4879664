"""Fixtures for the Adobe Commerce stand-in: a small world, a clock that moves only when told, and requests
sessions (through the in-process ASGI adapter) signing with the integration's OAuth 1.0a tokens."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests
from fastapi.testclient import TestClient
from requests_oauthlib import OAuth1
from sandbox import Sandbox
from sandbox.adobe_commerce import create_sandbox
from sandbox.seed import World, generate_world

from tests.support.asgi_session import asgi_session

WORLD_NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
BASE_URL = "https://shop.adobe-commerce.test"
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
def store(world: World, clock: FakeClock, options: dict[str, Any]) -> Sandbox:
    return create_sandbox(world, clock=clock, **options)


def rest_url(sandbox: Sandbox, path: str, store_code: str | None = None) -> str:
    """`orders` -> the full URL of `/rest/<store_code>/V1/orders` in the sandbox store."""
    code = store_code or sandbox.state.options.store_code
    return f"{BASE_URL}/rest/{code}/V1/{path.lstrip('/')}"


def oauth_for(sandbox: Sandbox, clock: FakeClock, *, method: str = "HMAC-SHA256", **changes: str) -> OAuth1:
    """The integration's four values signing a request at the store's clock; `changes` replace any of them."""
    credentials = sandbox.state.credentials
    values = {
        "client_key": credentials.consumer_key,
        "client_secret": credentials.consumer_secret,
        "resource_owner_key": credentials.access_token,
        "resource_owner_secret": credentials.access_token_secret,
        **changes,
    }
    return OAuth1(signature_method=method, timestamp=str(int(clock().timestamp())), **values)


@pytest.fixture
def api(store: Sandbox, clock: FakeClock) -> Iterator[requests.Session]:
    with asgi_session(store.app) as session:
        session.auth = _FreshOAuth(store, clock)
        yield session


class _FreshOAuth(requests.auth.AuthBase):
    """A new nonce and the clock's timestamp for every request."""

    def __init__(self, sandbox: Sandbox, clock: FakeClock) -> None:
        self.sandbox, self.clock = sandbox, clock

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        signed: requests.PreparedRequest = oauth_for(self.sandbox, self.clock)(request)
        return signed


@pytest.fixture
def anonymous(store: Sandbox) -> Iterator[requests.Session]:
    with asgi_session(store.app) as session:
        yield session


@pytest.fixture
def admin(store: Sandbox) -> Iterator[TestClient]:
    with TestClient(store.app, base_url=f"{BASE_URL}/__admin__/adobe_commerce", client=LOOPBACK_CLIENT) as client:
        yield client
