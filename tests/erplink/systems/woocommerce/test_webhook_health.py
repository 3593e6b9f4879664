"""Since when a healed webhook may have stopped announcing orders: the newest change the receiver did get, bounded
by the save that disabled the webhook; its creation when it never delivered anything."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from erplink.config.tenants import ConfigError, load_tenants
from erplink.flows.context import FlowContext
from erplink.systems.woocommerce.webhook_health import ORDER_TOPICS, ensure_webhooks
from erplink.hooks.settings import ConnectionConfigError
from erplink.ledger import AttemptContext, Ledger

RECEIVER = "https://airflow.example"
SECRET = "connection-webhook-secret"
URL = f"{RECEIVER}/erplink/webhooks/woocommerce/demo"


class StoreWebhooks:
    """The store's webhook list as the REST API returns it; records what the health check changes."""

    def __init__(self, hooks: list[dict[str, Any]], *, webhook_secret: str | None = SECRET,
                 store_url: str = "https://shop.example.com") -> None:
        self.hooks = hooks
        self.webhook_secret = webhook_secret
        self.store_url = store_url
        self.updates: list[tuple[int, dict[str, Any]]] = []
        self.created: list[dict[str, Any]] = []

    def list_webhooks(self) -> list[dict[str, Any]]:
        return self.hooks

    def update_webhook(self, webhook_id: int, **fields: Any) -> dict[str, Any]:
        self.updates.append((webhook_id, fields))
        return {"id": webhook_id, **fields}

    def create_webhook(self, **fields: Any) -> dict[str, Any]:
        self.created.append(fields)
        return {"id": 100 + len(self.created), **fields}


def _hook(hook_id: int, topic: str, status: str, *, created: str, modified: str) -> dict[str, Any]:
    return {"id": hook_id, "topic": topic, "status": status, "delivery_url": URL,
            "date_created_gmt": created, "date_modified_gmt": modified}


def _fc(tmp_path: Path, store: StoreWebhooks, **store_config: Any) -> FlowContext:
    ledger = Ledger(f"sqlite:///{tmp_path / 'ledger.db'}")
    ledger.migrate()
    tenant = load_tenants().get("demo")
    settings = {"webhook_base_url": RECEIVER, "webhook_receiver_on_store_host": False, **store_config}
    tenant = tenant.model_copy(update={"store": tenant.store.model_copy(update=settings)})
    return FlowContext(tenant=tenant, ledger=ledger, attempt=AttemptContext(worker="test"), store_hook=store)  # type: ignore[arg-type]


def _broken_store() -> StoreWebhooks:
    return StoreWebhooks([
        _hook(1, "order.created", "disabled", created="2026-11-01T08:00:00", modified="2026-11-20T10:30:00"),
        _hook(2, "order.updated", "disabled", created="2026-11-01T08:00:00", modified="2026-11-20T10:31:00"),
        _hook(3, "order.deleted", "active", created="2026-11-01T08:00:00", modified="2026-11-01T08:00:00"),
    ])


def _heard(fc: FlowContext, order_id: int, modified: str | None, topic: str = "order.updated") -> None:
    assert fc.ledger.inbox_put(system="woocommerce", tenant="demo", topic=topic, resource="order",
                               resource_id=str(order_id), modified=modified or f"delivery:{order_id}",
                               payload={"id": order_id}, delivery_id=f"d{order_id}")


def test_the_outage_starts_at_the_newest_order_change_the_receiver_got(tmp_path: Path) -> None:
    store = _broken_store()
    fc = _fc(tmp_path, store)
    _heard(fc, 7, "2026-11-20T09:58:00")
    _heard(fc, 8, "2026-11-20T10:02:00")
    _heard(fc, 9, None, topic="order.deleted")  # deleted bodies carry no stamp of the store's

    health = ensure_webhooks(fc)

    assert health.reactivated == ["order.created", "order.updated"] and health.healthy == ["order.deleted"]
    assert sorted(webhook_id for webhook_id, _ in store.updates) == [1, 2]
    assert health.outage_since == "2026-11-20T10:02:00+00:00"


def test_the_disable_stamp_bounds_the_outage_when_it_is_the_earlier(tmp_path: Path) -> None:
    fc = _fc(tmp_path, _broken_store())
    _heard(fc, 8, "2026-11-20T11:00:00")  # a change heard by another route after the webhooks were disabled
    assert ensure_webhooks(fc).outage_since == "2026-11-20T10:30:00+00:00"


def test_a_webhook_that_never_delivered_reaches_back_to_its_creation(tmp_path: Path) -> None:
    fc = _fc(tmp_path, _broken_store())
    assert ensure_webhooks(fc).outage_since == "2026-11-01T08:00:00+00:00"


def test_healthy_webhooks_report_no_outage(tmp_path: Path) -> None:
    store = StoreWebhooks([_hook(n, topic, "active", created="2026-11-01T08:00:00", modified="2026-11-01T08:00:00")
                           for n, topic in enumerate(ORDER_TOPICS, 1)])
    health = ensure_webhooks(_fc(tmp_path, store))
    assert health.outage_since is None and store.updates == [] and health.healthy == list(ORDER_TOPICS)



@pytest.mark.parametrize("register", [True, False], ids=["registration", "health"])
def test_without_a_webhook_secret_on_the_connection_nothing_is_registered_or_reactivated(tmp_path: Path,
                                                                                        register: bool) -> None:
    """WooCommerce would pick a random secret: every delivery would fail the signature check, the store would
    disable the webhook, and each run would re-activate it again."""
    store = _broken_store()
    store.webhook_secret = None
    if register:
        store.hooks = []
    with pytest.raises(ConnectionConfigError) as refused:
        ensure_webhooks(_fc(tmp_path, store), register=register)
    assert refused.value.conn_id == "erplink_woo_demo" and refused.value.field == "webhook_secret"
    assert "'erplink_woo_demo'" in str(refused.value) and "'webhook_secret'" in str(refused.value)
    assert store.created == [] and store.updates == []


def test_registration_and_reactivation_sign_with_the_connections_secret(tmp_path: Path) -> None:
    """A webhook created with another secret (or a random one) stops failing once it is re-activated."""
    store = _broken_store()
    ensure_webhooks(_fc(tmp_path, store))
    assert [fields for _, fields in store.updates] == [{"status": "active", "secret": SECRET}] * 2

    empty = StoreWebhooks([])
    ensure_webhooks(_fc(tmp_path, empty), register=True)
    assert [hook["topic"] for hook in empty.created] == list(ORDER_TOPICS)
    assert {hook["secret"] for hook in empty.created} == {SECRET}


def test_a_receiver_declared_on_the_store_host_must_be_on_it(tmp_path: Path) -> None:
    """WordPress delivers to a loopback or private address only on its own host: elsewhere it never calls."""
    store = StoreWebhooks([], store_url="https://shop.example.com")
    with pytest.raises(ConfigError) as refused:
        ensure_webhooks(_fc(tmp_path, store, webhook_base_url="http://127.0.0.1:8080",
                            webhook_receiver_on_store_host=True), register=True)
    assert "store.webhook_base_url" in str(refused.value) and "shop.example.com" in str(refused.value)
    assert store.created == []


def test_a_loopback_receiver_serves_a_store_on_loopback(tmp_path: Path) -> None:
    """The demo and the tests: sandboxes and receiver on this machine."""
    store = StoreWebhooks([], store_url="https://127.0.0.1:40123")
    health = ensure_webhooks(_fc(tmp_path, store, webhook_base_url="http://127.0.0.1:50999",
                                 webhook_receiver_on_store_host=True), register=True)
    assert health.created == list(ORDER_TOPICS)
    assert {hook["delivery_url"] for hook in store.created} == {"http://127.0.0.1:50999/erplink/webhooks/woocommerce/demo"}


def test_on_its_own_host_a_store_delivers_only_to_safe_ports_or_its_own(tmp_path: Path) -> None:
    store = StoreWebhooks([], store_url="https://shop.example.com")
    with pytest.raises(ConfigError, match="port 9000"):
        ensure_webhooks(_fc(tmp_path, store, webhook_base_url="https://shop.example.com:9000",
                            webhook_receiver_on_store_host=True), register=True)
    health = ensure_webhooks(_fc(tmp_path, store, webhook_base_url="https://shop.example.com/hooks",
                                 webhook_receiver_on_store_host=True), register=True)
    assert health.created == list(ORDER_TOPICS)
