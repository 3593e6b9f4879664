"""Secret rotation: the previous secret is honoured until its configured instant, never after."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from fastapi.testclient import TestClient

from erplink.webhooks.app import create_standalone_app
from tests.erplink.webhooks.support import WOO_CONN, FakeClock, build_receiver, connection_env, dumps, woo_headers, woo_order

URL = "/erplink/webhooks/woocommerce/shop1"
ROTATED_AT = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)
GRACE_UNTIL = ROTATED_AT + timedelta(hours=1)


class WallClock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


@pytest.fixture
def rotated(monkeypatch: pytest.MonkeyPatch) -> None:
    name, value = connection_env(
        WOO_CONN,
        {
            "webhook_secret": "new-secret-2",
            "webhook_secret_previous": "old-secret-1",
            "webhook_secret_previous_valid_until": GRACE_UNTIL.isoformat(),
        },
    )
    monkeypatch.setenv(name, value)


def post(client: TestClient, secret: str, order_id: int) -> int:
    body = dumps(woo_order(order_id=order_id))
    return client.post(URL, content=body, headers=woo_headers(body, secret=secret)).status_code


def test_previous_secret_accepted_only_until_its_instant(rotated, sqlite_ledger) -> None:
    wall = WallClock(GRACE_UNTIL - timedelta(minutes=1))
    client = TestClient(create_standalone_app(build_receiver(sqlite_ledger, now=wall)))
    assert post(client, "old-secret-1", 1) == 200
    assert post(client, "new-secret-2", 2) == 200
    wall.at = GRACE_UNTIL
    assert post(client, "old-secret-1", 3) == 401
    assert post(client, "new-secret-2", 4) == 200


def test_previous_secret_without_an_instant_is_never_accepted(monkeypatch, sqlite_ledger) -> None:
    name, value = connection_env(WOO_CONN, {"webhook_secret": "new-secret-2", "webhook_secret_previous": "old-secret-1"})
    monkeypatch.setenv(name, value)
    client = TestClient(create_standalone_app(build_receiver(sqlite_ledger)))
    assert post(client, "old-secret-1", 1) == 401
    assert post(client, "new-secret-2", 2) == 200


def test_a_changed_connection_is_picked_up_after_the_cache_period(monkeypatch, sqlite_ledger) -> None:
    """After the operator rotates (old secret removed) the old secret is refused once the short cache expires."""
    clock = FakeClock()
    client = TestClient(create_standalone_app(build_receiver(sqlite_ledger, clock=clock)))
    assert post(client, "woo-webhook-secret-1", 1) == 200
    name, value = connection_env(WOO_CONN, {"webhook_secret": "new-secret-2"})
    monkeypatch.setenv(name, value)
    clock.now += 31
    assert post(client, "woo-webhook-secret-1", 2) == 401
    assert post(client, "new-secret-2", 3) == 200


def test_tenant_without_a_secret_is_refused_with_503_and_nothing_stored(monkeypatch, sqlite_ledger) -> None:
    name, value = connection_env(WOO_CONN, {})
    monkeypatch.setenv(name, value)
    client = TestClient(create_standalone_app(build_receiver(sqlite_ledger)))
    assert post(client, "anything", 1) == 503
    assert sqlite_ledger.inbox_pending(system="woocommerce", tenant="shop1") == []
