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


def test_extras_saved_with_the_connection_type_prefix_are_read_too(monkeypatch, sqlite_ledger) -> None:
    """Older Airflow forms store ``extra__woocommerce__<field>``; the hook reads that form, so the receiver does."""
    name, value = connection_env(WOO_CONN, {
        "extra__woocommerce__webhook_secret": "new-secret-2",
        "extra__woocommerce__webhook_secret_previous": "old-secret-1",
        "extra__woocommerce__webhook_secret_previous_valid_until": GRACE_UNTIL.isoformat(),
    })
    monkeypatch.setenv(name, value)
    client = TestClient(create_standalone_app(build_receiver(sqlite_ledger, now=WallClock(ROTATED_AT))))
    assert post(client, "new-secret-2", 1) == 200
    assert post(client, "old-secret-1", 2) == 200
    assert post(client, "guess", 3) == 401


def test_tenant_without_a_secret_is_refused_with_503_and_nothing_stored(monkeypatch, sqlite_ledger) -> None:
    name, value = connection_env(WOO_CONN, {})
    monkeypatch.setenv(name, value)
    client = TestClient(create_standalone_app(build_receiver(sqlite_ledger)))
    assert post(client, "anything", 1) == 503
    assert sqlite_ledger.inbox_pending(system="woocommerce", tenant="shop1") == []


ROTATION_EXTRAS = {
    "woocommerce": ("erplink_woo_test", "webhook_secret", "new-secret-2", "old-secret-1"),
    "bigcommerce": ("erplink_bc_test", "client_secret", "bc-secret-2", "bc-secret-1"),
    "adobe_commerce": ("erplink_adobe_test", "webhook_public_key", "PEM-NEW", "PEM-OLD"),
}


def _hook(system: str, conn_id: str):
    from erplink.systems.adobe_commerce.hooks.adobe_commerce import AdobeCommerceHook
    from erplink.systems.bigcommerce.hooks.bigcommerce import BigCommerceHook
    from erplink.systems.woocommerce.hooks.woocommerce import WooCommerceHook

    return {
        "woocommerce": lambda: WooCommerceHook(woocommerce_conn_id=conn_id),
        "bigcommerce": lambda: BigCommerceHook(bigcommerce_conn_id=conn_id),
        "adobe_commerce": lambda: AdobeCommerceHook(adobe_commerce_conn_id=conn_id),
    }[system]()


@pytest.mark.parametrize("system", sorted(ROTATION_EXTRAS))
def test_the_stores_hook_still_builds_from_a_connection_carrying_the_rotation_extras(monkeypatch, system) -> None:
    """The receiver and the sync read one connection: the extras a rotation adds must not break the hook."""
    conn_id, field, current, previous = ROTATION_EXTRAS[system]
    extras = {field: current, f"{field}_previous": previous, f"{field}_previous_valid_until": GRACE_UNTIL.isoformat()}
    monkeypatch.setenv(*connection_env(conn_id, extras))
    hook = _hook(system, conn_id)
    settings = hook.settings
    assert getattr(settings, f"{field}_previous") == previous
    assert getattr(settings, f"{field}_previous_valid_until") == GRACE_UNTIL.isoformat()
    if system != "adobe_commerce":  # a public key is no secret; the two shared secrets are masked alike
        assert {current, previous} <= set(hook.secrets)


def test_woocommerce_hook_with_rotation_extras_builds_its_client(monkeypatch) -> None:
    extras = {"webhook_secret": "new-secret-2", "webhook_secret_previous": "old-secret-1",
              "webhook_secret_previous_valid_until": GRACE_UNTIL.isoformat()}
    monkeypatch.setenv(*connection_env(WOO_CONN, extras))
    from erplink.systems.woocommerce.hooks.woocommerce import WooCommerceHook

    client = WooCommerceHook(woocommerce_conn_id=WOO_CONN).client
    assert client.base_url == "https://store.example/wp-json/wc/v3/"


def test_a_grace_instant_that_is_not_iso_8601_is_named_without_echoing_the_secrets(monkeypatch) -> None:
    from erplink.hooks.settings import ConnectionConfigError
    from erplink.systems.woocommerce.hooks.woocommerce import WooCommerceHook

    extras = {"webhook_secret": "new-secret-2", "webhook_secret_previous": "old-secret-1",
              "webhook_secret_previous_valid_until": "next tuesday"}
    monkeypatch.setenv(*connection_env(WOO_CONN, extras))
    with pytest.raises(ConnectionConfigError) as failure:
        WooCommerceHook(woocommerce_conn_id=WOO_CONN).settings
    assert failure.value.field == "webhook_secret_previous_valid_until"
    assert "secret-2" not in str(failure.value) and "secret-1" not in str(failure.value)
