"""The per-store quota: four headers on every answer, 429 with the time to wait once the window's quota is
spent, a fresh quota when the window turns, and (injected) the platform's 429 without any of those headers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests
from fastapi.testclient import TestClient
from sandbox import Sandbox
from sandbox.faults import FaultInjector, FaultMiddleware

from tests.sandbox.bigcommerce.conftest import BASE_URL, LOOPBACK_CLIENT, FakeClock, store_url

QUOTA = 5
HEADERS = (
    "X-Rate-Limit-Time-Window-Ms",
    "X-Rate-Limit-Time-Reset-Ms",
    "X-Rate-Limit-Requests-Quota",
    "X-Rate-Limit-Requests-Left",
)


@pytest.fixture
def options() -> dict[str, object]:
    return {"quota_per_window": QUOTA, "window_ms": 30_000}


def test_every_answer_carries_the_four_headers(api: requests.Session, bigcommerce: Sandbox) -> None:
    for path in ("v2/orders", "v2/orders/987654", "v3/catalog/products", "v3/no/such/route"):
        response = api.get(store_url(bigcommerce, path))
        assert all(name in response.headers for name in HEADERS), (path, response.status_code)


def test_spent_quota_is_429_with_reset_time_until_the_window_turns(
    api: requests.Session, bigcommerce: Sandbox, clock: FakeClock
) -> None:
    lefts = [
        int(api.get(store_url(bigcommerce, "v2/orders/count")).headers["X-Rate-Limit-Requests-Left"])
        for _ in range(QUOTA)
    ]
    assert lefts == list(range(QUOTA - 1, -1, -1))
    clock.advance(10)
    refused = api.get(store_url(bigcommerce, "v2/orders/count"))
    assert refused.status_code == 429
    assert refused.json()["status"] == 429 and "title" in refused.json()
    assert int(refused.headers["X-Rate-Limit-Time-Reset-Ms"]) == 20_000
    clock.advance(20)
    assert api.get(store_url(bigcommerce, "v2/orders/count")).status_code == 200


@pytest.fixture
def faulted(bigcommerce: Sandbox) -> Iterator[tuple[TestClient, FaultInjector]]:
    injector = FaultInjector()
    app = FaultMiddleware(bigcommerce.app, injector, bigcommerce.fault_response)
    with TestClient(app, base_url=BASE_URL, client=LOOPBACK_CLIENT) as client:
        client.headers["X-Auth-Token"] = bigcommerce.state.credentials.access_token
        yield client, injector


def test_injected_platform_429_has_no_rate_limit_headers(
    faulted: tuple[TestClient, FaultInjector], bigcommerce: Sandbox
) -> None:
    client, injector = faulted
    injector.set({"status_burst": {"status": 429, "count": 1}})
    overloaded = client.get(store_url(bigcommerce, "v2/orders/count"))
    assert overloaded.status_code == 429
    assert not any(name in overloaded.headers for name in HEADERS)
    assert overloaded.json()["status"] == 429
    assert client.get(store_url(bigcommerce, "v2/orders/count")).status_code == 200
