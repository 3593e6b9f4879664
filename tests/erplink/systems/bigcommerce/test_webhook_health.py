"""The orders run's check of the BigCommerce order hooks, against the sandbox store: missing hooks are created, a
hook BigCommerce deactivated after 48 hours of failed deliveries is re-activated and the run's window reaches back
to the first event it lost, a hook delivering elsewhere is pointed at the receiver, and nothing is written where
deliveries could never work."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from airflow.sdk import Connection
from sandbox import Sandbox

from erplink.config.tenants import ConfigError, TenantConfig
from erplink.flows.context import FlowContext
from erplink.hooks.settings import ConnectionConfigError
from erplink.systems.bigcommerce.hooks.bigcommerce import BigCommerceHook
from erplink.systems.bigcommerce.webhook_health import ORDER_SCOPES, RETRY_SCHEDULE, RETRY_SPAN, ensure_webhooks
from erplink.windows import parse_timestamp
from tests.erplink.systems.bigcommerce.flow import TENANT, bigcommerce_tenant, flow_context
from tests.erplink.systems.bigcommerce.sandbox_store import Clock, hook_on, sandbox

RECEIVER = "https://erplink.example.com"
URL = f"{RECEIVER}/erplink/webhooks/bigcommerce/{TENANT}"
DAY = 86400


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def box(clock: Clock) -> Sandbox:
    return sandbox(clock, orders=10)


def _tenant(base_url: str = RECEIVER) -> TenantConfig:
    tenant = bigcommerce_tenant()
    store = tenant.store.model_copy(update={"webhooks": True, "webhook_base_url": base_url})
    return tenant.model_copy(update={"store": store})


@pytest.fixture
def fc(box: Sandbox) -> Iterator[FlowContext]:
    with flow_context(hook_on(box), _tenant()) as context:
        yield context


def _hooks(box: Sandbox) -> list[dict[str, Any]]:
    return [hook.document() for hook in sorted(box.state.hooks.hooks.values(), key=lambda hook: hook.id)]


def _writes(box: Sandbox) -> list[tuple[str, str]]:
    return [(e["method"], e["path"]) for e in box.state.log.entries() if e["method"] in ("POST", "PUT", "DELETE")]


def _fail_every_delivery_of(box: Sandbox, clock: Clock, scope: str, order_id: int) -> datetime:
    """Fire one event and refuse it at every retry until BigCommerce deactivates the hook; returns when it fired."""
    fired: datetime = box.state.now()
    box.state.outbox.fire(scope, "order", order_id, fired)
    for wait in (0, *RETRY_SCHEDULE):
        clock.advance(wait)
        box.state.outbox.flush(lambda _url, _body, _headers: 503, box.state.now())
    return fired


def _heard(fc: FlowContext, at: datetime) -> None:
    assert fc.ledger.inbox_put(
        system="bigcommerce", tenant=TENANT, topic="store/order/updated", resource="order", resource_id="3",
        modified=f"hash-{at.timestamp()}", payload={"scope": "store/order/updated"}, delivery_id=f"msg-{at}",
        received_at=at,
    )  # fmt: skip


def test_registration_creates_each_order_scope_delivering_to_the_tenants_receiver(
    fc: FlowContext, box: Sandbox
) -> None:
    health = ensure_webhooks(fc, register=True)

    assert health.checked and health.created == list(ORDER_SCOPES) and health.outage_since is None
    assert [(h["scope"], h["destination"], h["is_active"]) for h in _hooks(box)] == [
        (scope, URL, True) for scope in ORDER_SCOPES
    ]
    box.state.log.clear()
    again = ensure_webhooks(fc)
    assert again.healthy == list(ORDER_SCOPES) and again.created == [] and _writes(box) == []


def test_without_registration_a_store_without_our_hooks_gets_none(fc: FlowContext, box: Sandbox) -> None:
    health = ensure_webhooks(fc)
    assert health.checked and health.created == [] and _hooks(box) == []


def test_a_missing_scope_is_created_again_once_the_tenant_has_hooks(fc: FlowContext, box: Sandbox) -> None:
    ensure_webhooks(fc, register=True)
    refund_hook = next(h for h in box.state.hooks.hooks.values() if h.scope == "store/order/refund/created")
    del box.state.hooks.hooks[refund_hook.id]

    health = ensure_webhooks(fc)

    assert health.created == ["store/order/refund/created"] and health.outage_since is None
    assert sorted(h["scope"] for h in _hooks(box)) == sorted(ORDER_SCOPES)


def test_a_hook_deactivated_after_failed_deliveries_is_reactivated_and_the_window_reaches_its_first_lost_event(
    fc: FlowContext, box: Sandbox, clock: Clock
) -> None:
    ensure_webhooks(fc, register=True)
    clock.advance(3 * DAY)
    fired = _fail_every_delivery_of(box, clock, "store/order/updated", 3)
    assert [h["scope"] for h in _hooks(box) if not h["is_active"]] == ["store/order/updated"]

    health = ensure_webhooks(fc)

    assert health.reactivated == ["store/order/updated"]
    assert health.healthy == [scope for scope in ORDER_SCOPES if scope != "store/order/updated"]
    assert all(h["is_active"] for h in _hooks(box))
    assert health.outage_since is not None and parse_timestamp(health.outage_since) <= fired


@pytest.mark.parametrize(
    ("heard_after_update", "outage_from_update"),
    [(timedelta(hours=-30), -RETRY_SPAN), (timedelta(hours=-60), timedelta(hours=-60))],
    ids=["heard-within-the-retries", "heard-before-them"],
)
def test_the_outage_starts_a_retry_schedule_before_the_last_update_or_at_the_last_delivery_heard_if_earlier(
    fc: FlowContext, box: Sandbox, clock: Clock, heard_after_update: timedelta, outage_from_update: timedelta
) -> None:
    """BigCommerce deactivates a hook when an event's last retry fails, about 48 hours after it fired: no lost
    event is older than the hook's last change minus that schedule, nor than the newest delivery received."""
    ensure_webhooks(fc, register=True)
    clock.advance(10 * DAY)
    [updated] = [h for h in box.state.hooks.hooks.values() if h.scope == "store/order/created"]
    fc.store.update_hook(updated.id, headers={"x-note": "rotated"})
    last_update = datetime.fromtimestamp(updated.updated_at, UTC)
    _heard(fc, last_update + heard_after_update)
    _fail_every_delivery_of(box, clock, "store/order/created", 2)

    health = ensure_webhooks(fc)

    assert health.reactivated == ["store/order/created"]
    assert health.outage_since == (last_update + outage_from_update).isoformat()


def test_a_hook_delivering_the_tenants_route_elsewhere_is_pointed_at_the_receiver(
    fc: FlowContext, box: Sandbox
) -> None:
    """The receiver moved: the old destination reaches nobody. Another tenant's hook is not ours to change."""
    moved = "https://old-airflow.example.com/erplink/webhooks/bigcommerce/" + TENANT
    other = "https://erplink.example.com/erplink/webhooks/bigcommerce/other_shop"
    created = fc.store.create_hook(scope="store/order/created", destination=moved)
    fc.store.create_hook(scope="store/order/updated", destination=other)

    health = ensure_webhooks(fc)

    assert health.corrected == ["store/order/created"]
    assert health.created == [scope for scope in ORDER_SCOPES if scope != "store/order/created"]
    by_id = {hook["id"]: hook for hook in _hooks(box)}
    assert by_id[created["id"]]["destination"] == URL and by_id[created["id"]]["is_active"] is True
    assert [h["destination"] for h in _hooks(box) if h["scope"] == "store/order/updated"] == [other, URL]
    # Nothing heard from the store yet: the outage reaches back to the moved hook's creation.
    assert health.outage_since == datetime.fromtimestamp(created["created_at"], UTC).isoformat()


def test_a_dry_run_reports_what_it_would_heal_and_writes_nothing(fc: FlowContext, box: Sandbox, clock: Clock) -> None:
    ensure_webhooks(fc, register=True)
    _fail_every_delivery_of(box, clock, "store/order/updated", 3)
    box.state.log.clear()
    fc.dry_run = True

    health = ensure_webhooks(fc)

    assert health.reactivated == ["store/order/updated"] and _writes(box) == []
    assert [h["scope"] for h in _hooks(box) if not h["is_active"]] == ["store/order/updated"]


def _without_client_secret(hook: BigCommerceHook) -> BigCommerceHook:
    conn = hook.__dict__["connection"]
    extra = {k: v for k, v in json.loads(conn.extra).items() if k != "client_secret"}
    hook.__dict__["connection"] = Connection(
        conn_id=conn.conn_id, conn_type=conn.conn_type, login=conn.login, password=conn.password,
        extra=json.dumps(extra),
    )  # fmt: skip
    return hook


@pytest.mark.parametrize("register", [True, False], ids=["registration", "health"])
def test_without_the_apps_client_secret_nothing_is_registered_or_reactivated(
    box: Sandbox, clock: Clock, register: bool
) -> None:
    """BigCommerce signs with the app's client secret: without it the receiver refuses every delivery and the store
    deactivates the hook again two days later."""
    with flow_context(hook_on(box), _tenant()) as fc:
        ensure_webhooks(fc, register=True)
        _fail_every_delivery_of(box, clock, "store/order/updated", 3)
    box.state.log.clear()
    with (
        flow_context(_without_client_secret(hook_on(box)), _tenant()) as fc,
        pytest.raises(ConnectionConfigError) as refused,
    ):
        ensure_webhooks(fc, register=register)
    assert refused.value.conn_id == "bc" and refused.value.field == "client_secret"
    assert _writes(box) == [] and not all(h["is_active"] for h in _hooks(box))


@pytest.mark.parametrize(
    ("base_url", "said"),
    [("http://erplink.example.com", "https://"), ("https://erplink.example.com:8443", "port 8443")],
    ids=["plain-http", "other-port"],
)
def test_a_receiver_not_on_https_port_443_is_refused_naming_the_setting(box: Sandbox, base_url: str, said: str) -> None:
    """BigCommerce delivers only over HTTPS on port 443 (custom ports are not supported)."""
    with flow_context(hook_on(box), _tenant(base_url)) as fc, pytest.raises(ConfigError) as refused:
        ensure_webhooks(fc, register=True)
    assert "store.webhook_base_url" in str(refused.value) and said in str(refused.value)
    assert "443" in str(refused.value) and box.state.log.entries() == []


def test_webhooks_off_for_the_tenant_check_nothing(box: Sandbox) -> None:
    with flow_context(hook_on(box)) as fc:
        health = ensure_webhooks(fc, register=True)
    assert not health.checked and health.reason and box.state.log.entries() == []
