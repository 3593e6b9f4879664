"""The per-tenant request budget: off by default, 429 with Retry-After once spent."""

from __future__ import annotations

from fastapi.testclient import TestClient

from sandbox import Sandbox
from sandbox.qad import RateLimit, create_sandbox
from sandbox.seed import World
from tests.sandbox.qad.conftest import LOOPBACK_CLIENT, FakeClock, error_code
from tests.sandbox.qad.rest.conftest import rest_base

BROWSES = "/api/qracore/browses"
ITEMS = {"browseId": "urn:browse:mfg:gp340", "pageSize": 1}


def test_no_budget_by_default(rest: TestClient) -> None:
    """Without a configured budget, 50 calls in the same instant are all answered."""
    assert {rest.get(BROWSES, params=ITEMS).status_code for _ in range(50)} == {200}


def test_spent_budget_is_429_with_retry_after_until_the_window_ends(rest: TestClient, qad: Sandbox,
                                                                      clock: FakeClock) -> None:
    """With 3 requests per 10 s, the 4th is 429 with Retry-After 10 in QAD's error body; after 10 s calls pass."""
    qad.state.set_rate_limit(RateLimit(requests=3, per_seconds=10))
    assert [rest.get(BROWSES, params=ITEMS).status_code for _ in range(3)] == [200, 200, 200]
    limited = rest.get(BROWSES, params=ITEMS)
    assert limited.status_code == 429 and error_code(limited) == "429"
    assert limited.headers["Retry-After"] == "10"
    clock.advance(4)
    assert rest.get(BROWSES, params=ITEMS).headers["Retry-After"] == "6"
    clock.advance(6)
    assert rest.get(BROWSES, params=ITEMS).status_code == 200


def test_budget_is_per_tenant(rest: TestClient, globex_rest: TestClient, qad: Sandbox) -> None:
    """Spending acme's budget leaves globex's untouched."""
    qad.state.set_rate_limit(RateLimit(requests=1, per_seconds=60), tenant="acme")
    qad.state.set_rate_limit(RateLimit(requests=1, per_seconds=60), tenant="globex")
    rest.get(BROWSES, params=ITEMS)
    assert rest.get(BROWSES, params=ITEMS).status_code == 429
    assert globex_rest.get(BROWSES, params=ITEMS).status_code == 200


def test_budget_set_at_creation_and_lifted_by_admin_route(world: World, clock: FakeClock) -> None:
    """`create_sandbox(rate_limit=...)` limits from the start; `DELETE /__admin__/qad/acme/rate-limit` lifts it."""
    qad = create_sandbox(world, clock=clock, rate_limit=RateLimit(requests=1, per_seconds=60))
    with TestClient(qad.app, client=LOOPBACK_CLIENT) as client:
        token_url = rest_base() + "/oauth/token"
        assert client.post(token_url).status_code == 400  # spends the one request: the grant is missing
        assert client.post(token_url).status_code == 429
        assert client.delete("/__admin__/qad/acme/rate-limit").status_code == 204
        assert client.post(token_url).status_code == 400


def test_admin_route_sets_a_budget(rest: TestClient, admin: TestClient) -> None:
    """`PUT /__admin__/qad/acme/rate-limit` installs a budget; an impossible one is 400."""
    assert admin.put("/acme/rate-limit", json={"requests": 0, "perSeconds": 1}).status_code == 400
    assert admin.put("/acme/rate-limit", json={"requests": 1, "perSeconds": 30}).status_code == 204
    rest.get(BROWSES, params=ITEMS)
    assert rest.get(BROWSES, params=ITEMS).status_code == 429
