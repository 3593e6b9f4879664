"""Since when a healed webhook may have stopped announcing orders: the newest change the receiver did get, bounded
by the save that disabled the webhook; its creation when it never delivered anything."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from erplink.config.tenants import load_tenants
from erplink.flows.context import FlowContext
from erplink.flows.woo_webhooks import ORDER_TOPICS, ensure_webhooks
from erplink.ledger import AttemptContext, Ledger

RECEIVER = "https://airflow.example"
URL = f"{RECEIVER}/erplink/webhooks/woocommerce/demo"


class StoreWebhooks:
    """The store's webhook list as the REST API returns it; records what the health check changes."""

    def __init__(self, hooks: list[dict[str, Any]]) -> None:
        self.hooks = hooks
        self.updates: list[tuple[int, dict[str, Any]]] = []

    def list_webhooks(self) -> list[dict[str, Any]]:
        return self.hooks

    def update_webhook(self, webhook_id: int, **fields: Any) -> dict[str, Any]:
        self.updates.append((webhook_id, fields))
        return {"id": webhook_id, **fields}


def _hook(hook_id: int, topic: str, status: str, *, created: str, modified: str) -> dict[str, Any]:
    return {"id": hook_id, "topic": topic, "status": status, "delivery_url": URL,
            "date_created_gmt": created, "date_modified_gmt": modified}


def _fc(tmp_path: Path, store: StoreWebhooks) -> FlowContext:
    ledger = Ledger(f"sqlite:///{tmp_path / 'ledger.db'}")
    ledger.migrate()
    tenant = load_tenants().get("demo")
    tenant = tenant.model_copy(update={"store": tenant.store.model_copy(update={"webhook_base_url": RECEIVER})})
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

