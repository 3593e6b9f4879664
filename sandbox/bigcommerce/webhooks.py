"""Webhook callbacks as BigCommerce sends them: a thin body naming the record, signed per Standard Webhooks with
the app's client secret (https-webhook-overview.mdx "Webhook signature"), some delivered twice, a flush's
deliveries out of order, failures retried on the documented schedule until the hook is switched off.

Nothing leaves on its own: `flush(send)` delivers what is due by the store's clock (the admin route
`POST /__admin__/bigcommerce/webhooks/flush` does it over HTTP), so a test decides when callbacks arrive.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from standardwebhooks import Webhook

from sandbox.bigcommerce.hook_registry import Hook, HookRegistry

RETRY_SCHEDULE_S = (60, 180, 300, 600, 900, 1800, 3600, 7200, 21600, 50400, 86400)
"""overview.mdx: after the last retry (about 48 hours) the hook is deactivated."""

Sender = Callable[[str, bytes, dict[str, str]], int]
"""(destination, body, headers) -> HTTP status; an exception counts as a failed delivery."""


@dataclass
class Delivery:
    hook_id: int
    destination: str
    custom_headers: dict[str, str]
    body: bytes
    event_hash: str
    message_id: str
    due: datetime
    attempt: int = 0


@dataclass
class Outcome:
    message_id: str
    event_hash: str
    destination: str
    attempt: int
    status: int | None
    error: str | None = None


@dataclass
class Sent:
    """One delivery as it went out: what a receiver saw."""

    destination: str
    body: bytes
    headers: dict[str, str]
    status: int | None


def callback_body(
    scope: str, record_type: str, record_id: int, store_id: str, store_hash: str, now: datetime
) -> dict[str, Any]:
    created_at = int(now.timestamp())
    payload = {
        "scope": scope,
        "store_id": store_id,
        "data": {"type": record_type, "id": record_id},
        "created_at": created_at,
        "producer": f"stores/{store_hash}",
    }
    # The same event fired twice carries the same hash (overview.mdx "duplicate events"): the hash covers what
    # the event says, not the delivery.
    payload["hash"] = hashlib.sha1(json.dumps(payload, sort_keys=True).encode()).hexdigest()
    return payload


def signed_headers(client_secret: str, message_id: str, body: bytes, now: datetime) -> dict[str, str]:
    signature = Webhook(client_secret.encode()).sign(message_id, now, body.decode())
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": signature,
        "content-type": "application/json",
    }


def _interleaved(items: list[Delivery]) -> list[Delivery]:
    """Swap each neighbouring pair: deterministic, and no two consecutive events keep their order."""
    out: list[Delivery] = []
    for index in range(0, len(items), 2):
        out.extend(reversed(items[index : index + 2]))
    return out


@dataclass
class Outbox:
    registry: HookRegistry
    client_secret: str
    store_id: str
    duplicate_every: int
    reorder: bool
    pending: list[Delivery] = field(default_factory=list)
    sent: list[Sent] = field(default_factory=list)
    _events: Any = field(default_factory=lambda: itertools.count(1))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def fire(self, scope: str, record_type: str, record_id: int, now: datetime) -> int:
        """Queue one event for every active hook that listens to it; returns the deliveries queued."""
        hooks: list[Hook] = self.registry.listening(scope)
        payload = callback_body(scope, record_type, record_id, self.store_id, self.registry.store_hash, now)
        body = json.dumps(payload, separators=(",", ":")).encode()
        with self._lock:
            serial = next(self._events)
            copies = 2 if self.duplicate_every and serial % self.duplicate_every == 0 else 1
            for hook in hooks:
                for _ in range(copies):
                    self.pending.append(
                        Delivery(
                            hook.id,
                            hook.destination,
                            dict(hook.headers or {}),
                            body,
                            payload["hash"],
                            f"msg_{uuid.uuid4().hex}",
                            now,
                        )
                    )
        return len(hooks) * copies

    def flush(self, send: Sender, now: datetime, *, target: str | None = None) -> list[Outcome]:
        """Deliver everything due by `now`; `target` replaces each destination (a local receiver cannot listen
        on port 443)."""
        with self._lock:
            due = [delivery for delivery in self.pending if delivery.due <= now]
            self.pending = [delivery for delivery in self.pending if delivery.due > now]
        outcomes = []
        for delivery in _interleaved(due) if self.reorder else due:
            outcomes.append(self._attempt(delivery, send, now, target or delivery.destination))
        return outcomes

    def _attempt(self, delivery: Delivery, send: Sender, now: datetime, url: str) -> Outcome:
        headers = {
            **delivery.custom_headers,
            **signed_headers(self.client_secret, delivery.message_id, delivery.body, now),
        }
        status: int | None = None
        error: str | None = None
        try:
            status = send(url, delivery.body, headers)
        except Exception as failure:
            error = type(failure).__name__
        with self._lock:
            self.sent.append(Sent(url, delivery.body, headers, status))
        outcome = Outcome(delivery.message_id, delivery.event_hash, url, delivery.attempt, status, error)
        if status is not None and 200 <= status < 300:
            return outcome
        if delivery.attempt >= len(RETRY_SCHEDULE_S):
            self.registry.deactivate(delivery.hook_id)
            return outcome
        delivery.due = now + timedelta(seconds=RETRY_SCHEDULE_S[delivery.attempt])
        delivery.attempt += 1
        with self._lock:
            self.pending.append(delivery)
        return outcome
