"""The store's webhook subscriptions (`/v3/hooks`) and the documented limits on them: destination HTTPS on port
443, at most ten per scope, one per scope and destination (webhooks.v3.yml `POST /hooks`, overview.mdx)."""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

MAX_HOOKS_PER_SCOPE = 10


class HookRefused(ValueError):
    """A create or update the platform refuses; `errors` names the field, as a v3 422 body does."""

    def __init__(self, title: str, errors: dict[str, str]) -> None:
        super().__init__(title)
        self.title, self.errors = title, errors


def _check_destination(destination: Any) -> None:
    if not isinstance(destination, str) or not destination:
        raise HookRefused("JSON data is missing or invalid", {"destination": "error.path.missing"})
    parts = urlsplit(destination)
    if parts.scheme != "https" or not parts.hostname:
        raise HookRefused("The destination must be an HTTPS URL", {"destination": "must use https"})
    if parts.port not in (None, 443):
        raise HookRefused(
            "The destination must be served on port 443", {"destination": "custom ports are not supported"}
        )


def scope_matches(subscribed: str, fired: str) -> bool:
    """`store/order/*` covers `store/order/created`, `store/order/statusUpdated`, ..."""
    if subscribed.endswith("/*"):
        return fired.startswith(subscribed[:-1])
    return subscribed == fired


@dataclass
class Hook:
    id: int
    client_id: str
    store_hash: str
    scope: str
    destination: str
    is_active: bool
    headers: dict[str, str] | None
    created_at: int
    updated_at: int

    def document(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "client_id": self.client_id,
            "store_hash": self.store_hash,
            "scope": self.scope,
            "destination": self.destination,
            "is_active": self.is_active,
            "headers": self.headers,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        }


class HookRegistry:
    def __init__(self, store_hash: str, client_id: str) -> None:
        self._lock = threading.Lock()
        self._ids = itertools.count(18048287)
        self.store_hash, self.client_id = store_hash, client_id
        self.hooks: dict[int, Hook] = {}

    def _clash(self, scope: str, destination: str, ignore: int | None = None) -> None:
        same_scope = [hook for hook in self.hooks.values() if hook.scope == scope and hook.id != ignore]
        if any(hook.destination == destination for hook in same_scope):
            raise HookRefused(
                "A webhook with this scope and destination already exists", {"destination": "duplicate for this scope"}
            )
        if len(same_scope) >= MAX_HOOKS_PER_SCOPE:
            raise HookRefused(
                f"At most {MAX_HOOKS_PER_SCOPE} webhooks may exist for one scope", {"scope": "limit reached"}
            )

    def create(self, body: dict[str, Any], now: datetime) -> Hook:
        scope, destination = body.get("scope"), body.get("destination")
        if not isinstance(scope, str) or not scope:
            raise HookRefused("JSON data is missing or invalid", {"scope": "error.path.missing"})
        _check_destination(destination)
        assert isinstance(destination, str)
        with self._lock:
            self._clash(scope, destination)
            stamp = int(now.timestamp())
            hook = Hook(
                next(self._ids),
                self.client_id,
                self.store_hash,
                scope,
                destination,
                bool(body.get("is_active", True)),
                body.get("headers"),
                stamp,
                stamp,
            )
            self.hooks[hook.id] = hook
            return hook

    def update(self, hook_id: int, body: dict[str, Any], now: datetime) -> Hook | None:
        with self._lock:
            hook = self.hooks.get(hook_id)
            if hook is None:
                return None
            scope, destination = body.get("scope", hook.scope), body.get("destination", hook.destination)
            if destination != hook.destination:
                _check_destination(destination)
            if (scope, destination) != (hook.scope, hook.destination):
                self._clash(scope, destination, ignore=hook_id)
            hook.scope, hook.destination = scope, destination
            if "is_active" in body:
                hook.is_active = bool(body["is_active"])
            if "headers" in body:
                hook.headers = body["headers"]
            hook.updated_at = int(now.timestamp())
            return hook

    def listening(self, fired: str) -> list[Hook]:
        with self._lock:
            return [hook for hook in self.hooks.values() if hook.is_active and scope_matches(hook.scope, fired)]

    def deactivate(self, hook_id: int) -> None:
        with self._lock:
            if hook_id in self.hooks:
                self.hooks[hook_id].is_active = False
