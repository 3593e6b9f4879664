"""Webhook health, the part every store shares: the orders run checks that the store's order webhooks for the tenant
exist, point at the receiver and are active, heals what it finds broken, and says since when deliveries may have
stopped, so that run's order window reaches back there (``flows.steps.order_window``'s ``outage_since``).

A store system says how its API lists, heals and creates webhooks, what it refuses before anything is written, and
what it knows of when a broken webhook stopped delivering (a ``StoreWebhooks``); the walk over the topics, the
health report and the outage's start are the same for every store.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from erplink.config.tenants import ConfigError
from erplink.flows.context import FlowContext
from erplink.webhooks.paths import receiver_url

Healing = Literal["reactivated", "corrected"]


@dataclass
class WebhookHealth:
    checked: bool = False
    healthy: list[str] = field(default_factory=list)
    reactivated: list[str] = field(default_factory=list)
    # Topics whose webhook delivered elsewhere and now points at the receiver again.
    corrected: list[str] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    # Earliest moment a healed webhook may have stopped delivering (None when nothing was broken).
    outage_since: str | None = None
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


class StoreWebhooks(ABC):
    """One store system's webhooks as the health check sees them. A webhook is the store's own JSON object."""

    system: str  # the receiver's name for the store's deliveries (its path segment and inbox system)
    topics: tuple[str, ...]  # the order topics (or scopes) the orders run needs

    def __init__(self, fc: FlowContext) -> None:
        self._fc = fc

    @abstractmethod
    def refuse_unusable(self, url: str) -> None:
        """Raise, naming the setting, when webhooks to ``url`` could never work; nothing is written before this."""

    @abstractmethod
    def ours(self, url: str) -> list[dict[str, Any]]:
        """The store's webhooks that deliver (or should deliver) the tenant's events to the receiver at ``url``."""

    @abstractmethod
    def topic(self, hook: dict[str, Any]) -> Any: ...

    @abstractmethod
    def delivers(self, hook: dict[str, Any], url: str) -> bool:
        """Whether the webhook is active and delivers to ``url``."""

    @abstractmethod
    def heal(self, hook: dict[str, Any], topic: str, url: str, *, write: bool) -> Healing:
        """Log what is wrong with the webhook and, when ``write``, make it deliver to ``url`` again."""

    @abstractmethod
    def create(self, topic: str, url: str) -> None: ...

    @abstractmethod
    def stopped_by(self, hook: dict[str, Any]) -> datetime | None:
        """The latest moment the broken webhook may have started failing, as the store's stamps tell it."""

    @abstractmethod
    def created_at(self, hook: dict[str, Any]) -> datetime | None: ...

    @abstractmethod
    def last_heard(self) -> datetime | None:
        """When the receiver last heard of an order from this store for the tenant (None: never)."""


def check_webhooks(fc: FlowContext, webhooks: StoreWebhooks, *, register: bool = False) -> WebhookHealth:
    """Check (and heal) the tenant's order webhooks; with ``register`` create the missing ones."""
    health = WebhookHealth()
    if not fc.tenant.store.webhooks:
        health.reason = "webhooks are off for this tenant"
        return health
    base = fc.tenant.store.webhook_base_url
    if not base:
        raise ConfigError(fc.tenant.name, ["store.webhook_base_url: required while webhooks is true"])
    url = receiver_url(base, webhooks.system, fc.tenant.name)
    webhooks.refuse_unusable(url)
    health.checked = True
    ours = webhooks.ours(url)
    broken: list[dict[str, Any]] = []
    for topic in webhooks.topics:
        found = [hook for hook in ours if webhooks.topic(hook) == topic]
        if any(webhooks.delivers(hook, url) for hook in found):
            health.healthy.append(topic)
            continue
        if found:
            hook = found[0]
            healing = webhooks.heal(hook, topic, url, write=not fc.dry_run)
            (health.corrected if healing == "corrected" else health.reactivated).append(topic)
            broken.append(hook)
        elif register or ours:
            # Registered before but one topic is gone: re-create it; otherwise only on explicit registration.
            if not fc.dry_run:
                webhooks.create(topic, url)
            health.created.append(topic)
    if broken and (since := outage_start(webhooks, broken)) is not None:
        health.outage_since = since.isoformat()
    return health


def outage_start(webhooks: StoreWebhooks, broken: list[dict[str, Any]]) -> datetime | None:
    """The earliest moment the broken webhooks may have stopped announcing orders: the newest order the receiver
    did hear of, or what the store's stamps tell when that is earlier; the webhooks' creation when nothing was ever
    heard."""
    stamps = [stamp for hook in broken if (stamp := webhooks.stopped_by(hook)) is not None]
    last_heard = webhooks.last_heard()
    if last_heard is not None:
        stamps.append(last_heard)
    else:
        stamps += [stamp for hook in broken if (stamp := webhooks.created_at(hook)) is not None]
    return min(stamps) if stamps else None
