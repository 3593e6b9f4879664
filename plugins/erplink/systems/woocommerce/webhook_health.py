"""Webhook health: the store's erplink webhooks exist, point at the receiver and are active.

WooCommerce disables a webhook after repeated failed deliveries and never re-enables it by itself. Each run
re-activates (or re-creates) what it finds broken and reports since when deliveries may have stopped, so the
order window can start from there: the poll then reads what the webhooks did not announce.

Since when: WooCommerce saves the webhook after every delivery attempt (``WC_Webhook::log_delivery`` →
``failed_delivery`` → ``save``), and saving stamps ``date_modified``; so a disabled webhook's stamp is the failure
that disabled it, and the six failures before it went unannounced too. The newest order change the receiver did
get (the store's own stamp, kept in the inbox) is where the silence began; the disable stamp bounds it when that
is later, and a webhook that never delivered anything reaches back to its creation.

Refused before anything is created or re-activated: a store connection without ``webhook_secret`` (WooCommerce
would sign with a random secret of its own, every delivery would fail the signature check, the webhook would be
disabled, and each run would re-activate it again), and a receiver declared to run on the store's host that is not
on it (WordPress would silently never call it). A re-activated webhook is re-signed with the connection's secret,
so one created with another secret stops failing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import erplink.systems.woocommerce.delivery as woocommerce_delivery
from erplink.config.tenants import ConfigError
from erplink.flows.context import FlowContext
from erplink.hooks.settings import ConnectionConfigError
from erplink.windows import parse_timestamp

# Refunds arrive as order.updated; trashing an order fires order.deleted (body `{"id": N}`), which wakes the
# orders run whose poll reads the trash.
ORDER_TOPICS = ("order.created", "order.updated", "order.deleted")


@dataclass
class WebhookHealth:
    checked: bool = False
    healthy: list[str] = field(default_factory=list)
    reactivated: list[str] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    # Earliest moment a healed webhook may have stopped delivering (None when nothing was broken).
    outage_since: str | None = None
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def delivery_url(fc: FlowContext) -> str | None:
    base = fc.tenant.store.webhook_base_url
    return f"{base.rstrip('/')}/erplink/webhooks/woocommerce/{fc.tenant.name}" if base else None


def _gmt(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return parse_timestamp(value if value.endswith("Z") or "+" in value else value + "Z")
    except ValueError:
        return None


def _stamp(hook: dict[str, Any]) -> datetime | None:
    return _gmt(hook.get("date_modified_gmt")) or _gmt(hook.get("date_created_gmt"))


def _outage_start(fc: FlowContext, broken: list[dict[str, Any]]) -> datetime | None:
    """The earliest moment the broken webhooks may have stopped announcing orders (see the module docstring)."""
    stamps = [stamp for hook in broken if (stamp := _stamp(hook)) is not None]
    last_heard = _gmt(fc.ledger.inbox_latest_modified(system="woocommerce", tenant=fc.tenant.name, resource="order"))
    if last_heard is not None:
        stamps.append(last_heard)
    else:
        stamps += [stamp for hook in broken if (stamp := _gmt(hook.get("date_created_gmt"))) is not None]
    return min(stamps) if stamps else None


def _signing_secret(fc: FlowContext) -> str:
    """The connection's webhook secret; refuses (naming connection and field) when there is none."""
    secret: str | None = fc.store.webhook_secret
    if not secret:
        raise ConnectionConfigError(
            fc.tenant.store.conn_id,
            "webhook_secret",
            "is required before webhooks are registered or re-activated: without it WooCommerce signs deliveries "
            "with a random secret, the receiver refuses every one and the store disables the webhook",
        )
    return secret


def _refuse_unreachable_receiver(fc: FlowContext, url: str) -> None:
    if not fc.tenant.store.webhook_receiver_on_store_host:
        return  # the configuration check already refused what no store delivers to
    if problem := woocommerce_delivery.store_host_problem(url, fc.store.store_url):
        raise ConfigError(fc.tenant.name, [f"store.webhook_base_url: {problem}"])


def ensure_webhooks(fc: FlowContext, *, register: bool = False) -> WebhookHealth:
    """Check (and heal) the tenant's order webhooks; with ``register`` create the missing ones."""
    health = WebhookHealth()
    if not fc.tenant.store.webhooks:
        health.reason = "webhooks are off for this tenant"
        return health
    url = delivery_url(fc)
    if url is None:
        raise ConfigError(fc.tenant.name, ["store.webhook_base_url: required while webhooks is true"])
    secret = _signing_secret(fc)
    _refuse_unreachable_receiver(fc, url)
    health.checked = True
    ours = [h for h in fc.store.list_webhooks() if h.get("delivery_url") == url]
    broken: list[dict[str, Any]] = []
    for topic in ORDER_TOPICS:
        found = [h for h in ours if h.get("topic") == topic]
        active = [h for h in found if h.get("status") == "active"]
        if active:
            health.healthy.append(topic)
            continue
        if found:
            hook = found[0]
            fc.log.warning(
                "store webhook %s (%s) is %s (last saved %s); re-activating it. The poll reads the orders "
                "changed since deliveries stopped.",
                hook.get("id"),
                topic,
                hook.get("status"),
                hook.get("date_modified_gmt"),
            )
            if not fc.dry_run:
                fc.store.update_webhook(int(hook["id"]), status="active", secret=secret)
            health.reactivated.append(topic)
            broken.append(hook)
        elif register or ours:
            # Registered before but one topic is gone: re-create it; otherwise only on explicit registration.
            if not fc.dry_run:
                fc.store.create_webhook(
                    topic=topic, delivery_url=url, name=f"erplink {fc.tenant.name} {topic}", secret=secret
                )
            health.created.append(topic)
    if broken and (since := _outage_start(fc, broken)) is not None:
        health.outage_since = since.isoformat()
    return health
