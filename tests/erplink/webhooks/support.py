"""Builders shared by the webhook tests: signed deliveries, a recording waker, and a wired receiver."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from erplink.ledger import Ledger
from erplink.webhooks.cache import TtlCache
from erplink.webhooks.keys import ConnectionKeySource
from erplink.webhooks.app import store_readers
from erplink.webhooks.receiver import WebhookReceiver, build_readers, key_fields
from erplink.webhooks.settings import ReceiverSettings
from erplink.webhooks.deliveries import InboxEntry
from erplink.webhooks.tenants import MappingTenantResolver, TenantResolver, WebhookTenant
from erplink.webhooks.wake import WakeCoalescer

WOO_SECRET = "woo-webhook-secret-1"
WOO_CONN = "erplink_woo_test"
TENANTS = {
    "shop1": {"system": "woocommerce", "conn_id": WOO_CONN},
    "bcshop": {"system": "bigcommerce", "conn_id": "erplink_bc_test"},
    "adobe1": {"system": "adobe_commerce", "conn_id": "erplink_adobe_test"},
}


def woo_signature(body: bytes, secret: str = WOO_SECRET) -> str:
    """Computed here with hashlib directly, as WooCommerce's generate_signature() does."""
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def woo_order(order_id: int = 1042, modified: str = "2026-03-01T10:00:00", **extra: Any) -> dict[str, Any]:
    return {
        "id": order_id,
        "status": "processing",
        "date_modified_gmt": modified,
        "billing": {"email": "jane.doe@example.com", "first_name": "Jane"},
        **extra,
    }


def woo_headers(body: bytes, *, topic: str = "order.created", secret: str | None = WOO_SECRET, delivery: str = "d1") -> dict[str, str]:
    headers = {
        "Content-Type": "application/json",
        "X-WC-Webhook-Topic": topic,
        "X-WC-Webhook-Resource": topic.split(".")[0],
        "X-WC-Webhook-Event": topic.split(".")[1],
        "X-WC-Webhook-ID": "7",
        "X-WC-Webhook-Delivery-ID": delivery,
        "X-WC-Webhook-Source": "https://shop.example/",
    }
    if secret is not None:
        headers["X-WC-Webhook-Signature"] = woo_signature(body, secret)
    return headers


def dumps(document: dict[str, Any]) -> bytes:
    return json.dumps(document, separators=(",", ":")).encode()


def connection_env(conn_id: str, extra: dict[str, Any], *, conn_type: str | None = None) -> tuple[str, str]:
    """An AIRFLOW_CONN_<ID> variable, as the deployment would set it, of the store's own connection type.

    The conn type defaults to the system of the tenant in ``TENANTS`` using ``conn_id``, so the same
    connection also builds that system's hook (whose settings refuse extras they do not declare).
    """
    conn_type = conn_type or next(t["system"] for t in TENANTS.values() if t["conn_id"] == conn_id)
    document = {"conn_type": conn_type, "host": "https://store.example", "login": "ck_test", "password": "cs_test",
                "extra": extra}
    return f"AIRFLOW_CONN_{conn_id.upper()}", json.dumps(document)


def tenant_keys(tenant: str, now: datetime | None = None) -> tuple[str, ...]:
    """The keys the receiver would accept for ``tenant`` at ``now``, read from its store connection."""
    keys = ConnectionKeySource(TtlCache(0), key_fields=key_fields(build_readers(store_readers()))).keys(
        WebhookTenant(name=tenant, **TENANTS[tenant]))
    assert keys is not None, f"the connection of {tenant} holds no signing key"
    return keys.active(now or datetime.now(timezone.utc))


def store(ledger: Ledger, system: str, tenant: str, entry: InboxEntry) -> bool:
    """Commit a reader's entry to the inbox the way the receiver does."""
    return ledger.inbox_put(system=system, tenant=tenant, topic=entry.topic, resource=entry.resource,
                            resource_id=entry.resource_id, modified=entry.modified, payload=entry.payload,
                            delivery_id=entry.delivery_id)


@dataclass
class RecordingWaker:
    calls: list[tuple[str, str]] = field(default_factory=list)
    fail_with: Exception | None = None

    def wake(self, system: str, tenant: str) -> None:
        self.calls.append((system, tenant))
        if self.fail_with is not None:
            raise self.fail_with


@dataclass
class ManualTimers:
    """Collects trailing wakes so a test decides when the quiet period ends."""

    clock: FakeClock | None = None
    pending: list[tuple[float, Callable[[], None]]] = field(default_factory=list)  # (delay, job)
    due: list[float] = field(default_factory=list)

    def __call__(self, delay: float, job: Callable[[], None]) -> None:
        self.pending.append((delay, job))
        self.due.append((self.clock.now if self.clock else 0.0) + delay)

    def fire_all(self) -> None:
        jobs, self.pending, self.due = self.pending, [], []
        for _, job in jobs:
            job()

    def fire_due(self) -> None:
        """Run the timers whose time has come on the fake clock."""
        assert self.clock is not None
        ready = [job for (_, job), at in zip(self.pending, self.due) if at <= self.clock.now]
        kept = [(entry, at) for entry, at in zip(self.pending, self.due) if at > self.clock.now]
        self.pending, self.due = [e for e, _ in kept], [at for _, at in kept]
        for job in ready:
            job()


@dataclass
class FakeClock:
    now: float = 1000.0

    def __call__(self) -> float:
        return self.now


def build_receiver(
    ledger: Ledger,
    *,
    waker: RecordingWaker | None = None,
    settings: ReceiverSettings | None = None,
    clock: FakeClock | None = None,
    timers: ManualTimers | None = None,
    now: Callable[[], datetime] | None = None,
    tenants: TenantResolver | None = None,
) -> WebhookReceiver:
    """Production parts throughout, except the waker (recorded) and the clocks (controlled by the test)."""
    settings = settings or ReceiverSettings()
    clock = clock or FakeClock()
    readers = build_readers(store_readers())
    return WebhookReceiver(
        readers=readers,
        tenants=tenants or MappingTenantResolver(TENANTS),
        keys=ConnectionKeySource(TtlCache(settings.cache_seconds, clock=clock), key_fields=key_fields(readers)),
        inbox=ledger,
        wakes=WakeCoalescer(
            waker or RecordingWaker(),
            interval=settings.wake_interval_seconds,
            clock=clock,
            dispatch=lambda job: job(),
            schedule=timers or ManualTimers(),
        ),
        settings=settings,
        now=now or (lambda: datetime.now(timezone.utc)),
    )
