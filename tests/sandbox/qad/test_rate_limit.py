"""The per-tenant request budget: off by default, 429 RATE_LIMITED with Retry-After once spent."""

from __future__ import annotations

from fastapi.testclient import TestClient

from sandbox import Sandbox
from sandbox.qad import RateLimit, create_sandbox
from sandbox.seed import World
from tests.sandbox.qad.conftest import LOOPBACK_CLIENT, FakeClock, error_code

ITEMS = "/api/erp/v1/items"


def test_no_budget_by_default(api: TestClient) -> None:
    """Without a configured budget, 50 calls in the same instant are all answered."""
    assert {api.get(ITEMS, params={"limit": 1}).status_code for _ in range(50)} == {200}


def test_spent_budget_is_429_with_retry_after_until_the_window_ends(api: TestClient, qad: Sandbox,
                                                                      clock: FakeClock) -> None:
    """With 3 requests per 10 s, the 4th is 429 RATE_LIMITED with Retry-After 10; after 10 s calls pass again."""
    qad.state.set_rate_limit(RateLimit(requests=3, per_seconds=10))
    assert [api.get(ITEMS).status_code for _ in range(3)] == [200, 200, 200]
    limited = api.get(ITEMS)
    assert limited.status_code == 429 and error_code(limited) == "RATE_LIMITED"
    assert limited.headers["Retry-After"] == "10"
    clock.advance(4)
    assert api.get(ITEMS).headers["Retry-After"] == "6"
    clock.advance(6)
    assert api.get(ITEMS).status_code == 200


def test_budget_is_per_tenant(api: TestClient, globex_api: TestClient, qad: Sandbox) -> None:
    """Spending acme's budget leaves globex's untouched."""
    qad.state.set_rate_limit(RateLimit(requests=1, per_seconds=60), tenant="acme")
    qad.state.set_rate_limit(RateLimit(requests=1, per_seconds=60), tenant="globex")
    api.get(ITEMS)
    assert api.get(ITEMS).status_code == 429
    assert globex_api.get(ITEMS).status_code == 200


def test_budget_set_at_creation_and_lifted_by_admin_route(world: World, clock: FakeClock) -> None:
    """`create_sandbox(rate_limit=...)` limits from the start; `DELETE /__admin__/qad/acme/rate-limit` lifts it."""
    qad = create_sandbox(world, clock=clock, rate_limit=RateLimit(requests=1, per_seconds=60))
    with TestClient(qad.app, client=LOOPBACK_CLIENT) as client:
        assert client.get("/tenants/acme/api/swagger.json").status_code == 200
        assert client.get("/tenants/acme/api/swagger.json").status_code == 429
        assert client.delete("/__admin__/qad/acme/rate-limit").status_code == 204
        assert client.get("/tenants/acme/api/swagger.json").status_code == 200


def test_admin_route_sets_a_budget(api: TestClient, admin: TestClient) -> None:
    """`PUT /__admin__/qad/acme/rate-limit` installs a budget; an impossible one is 400."""
    assert admin.put("/acme/rate-limit", json={"requests": 0, "perSeconds": 1}).status_code == 400
    assert admin.put("/acme/rate-limit", json={"requests": 1, "perSeconds": 30}).status_code == 204
    api.get(ITEMS)
    assert api.get(ITEMS).status_code == 429
