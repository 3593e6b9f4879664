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

from datetime import datetime
from typing import Any

import erplink.systems.woocommerce.delivery as woocommerce_delivery
from erplink.config.tenants import ConfigError
from erplink.flows.context import FlowContext
from erplink.flows.webhook_health import Healing, StoreWebhooks, check_webhooks
from erplink.flows.webhook_health import WebhookHealth as WebhookHealth
from erplink.hooks.settings import ConnectionConfigError
from erplink.webhooks.paths import receiver_url
from erplink.windows import parse_timestamp

SYSTEM = "woocommerce"
# Refunds arrive as order.updated; trashing an order fires order.deleted (body `{"id": N}`), which wakes the
# orders run whose poll reads the trash.
ORDER_TOPICS = ("order.created", "order.updated", "order.deleted")


def delivery_url(fc: FlowContext) -> str | None:
    base = fc.tenant.store.webhook_base_url
    return receiver_url(base, SYSTEM, fc.tenant.name) if base else None


def _gmt(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return parse_timestamp(value if value.endswith("Z") or "+" in value else value + "Z")
    except ValueError:
        return None


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


class WooCommerceWebhooks(StoreWebhooks):
    """The store's webhooks (``/wc/v3/webhooks``); ours are those whose ``delivery_url`` is the receiver's."""

    system = SYSTEM
    topics = ORDER_TOPICS
    _secret = ""

    def refuse_unusable(self, url: str) -> None:
        self._secret = _signing_secret(self._fc)
        _refuse_unreachable_receiver(self._fc, url)

    def ours(self, url: str) -> list[dict[str, Any]]:
        return [h for h in self._fc.store.list_webhooks() if h.get("delivery_url") == url]

    def topic(self, hook: dict[str, Any]) -> Any:
        return hook.get("topic")

    def delivers(self, hook: dict[str, Any], url: str) -> bool:
        return hook.get("status") == "active"

    def heal(self, hook: dict[str, Any], topic: str, url: str, *, write: bool) -> Healing:
        self._fc.log.warning(
            "store webhook %s (%s) is %s (last saved %s); re-activating it. The poll reads the orders "
            "changed since deliveries stopped.",
            hook.get("id"),
            topic,
            hook.get("status"),
            hook.get("date_modified_gmt"),
        )
        if write:
            self._fc.store.update_webhook(int(hook["id"]), status="active", secret=self._secret)
        return "reactivated"

    def create(self, topic: str, url: str) -> None:
        name = f"erplink {self._fc.tenant.name} {topic}"
        self._fc.store.create_webhook(topic=topic, delivery_url=url, name=name, secret=self._secret)

    def stopped_by(self, hook: dict[str, Any]) -> datetime | None:
        # The save that disabled it (see the module docstring).
        return _gmt(hook.get("date_modified_gmt")) or _gmt(hook.get("date_created_gmt"))

    def created_at(self, hook: dict[str, Any]) -> datetime | None:
        return _gmt(hook.get("date_created_gmt"))

    def last_heard(self) -> datetime | None:
        fc = self._fc
        return _gmt(fc.ledger.inbox_latest_modified(system=SYSTEM, tenant=fc.tenant.name, resource="order"))


def ensure_webhooks(fc: FlowContext, *, register: bool = False) -> WebhookHealth:
    """Check (and heal) the tenant's order webhooks; with ``register`` create the missing ones."""
    return check_webhooks(fc, WooCommerceWebhooks(fc), register=register)
