"""Which store connection answers for a tenant's webhook route.

The default resolver reads ``ERPLINK_WEBHOOK_TENANTS`` (JSON ``{"<tenant>": {"system": ..., "conn_id": ...}}``)
when it is set, and the integration config (``erplink.config.tenants.load_tenants``) otherwise.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from erplink.webhooks.cache import TtlCache

log = logging.getLogger(__name__)

TENANTS_ENV = "ERPLINK_WEBHOOK_TENANTS"


@dataclass(frozen=True)
class WebhookTenant:
    name: str
    system: str
    conn_id: str


class TenantResolver(Protocol):
    def resolve(self, system: str, tenant: str) -> WebhookTenant | None:
        """The tenant's store connection, or None when no enabled tenant of that name uses that store system."""
        ...


class MappingTenantResolver:
    """Resolves from a fixed mapping ``{tenant: {"system": ..., "conn_id": ...}}``."""

    def __init__(self, mapping: Mapping[str, Mapping[str, str]]) -> None:
        self._tenants = {
            name: WebhookTenant(name=name, system=entry["system"], conn_id=entry["conn_id"])
            for name, entry in mapping.items()
        }

    def resolve(self, system: str, tenant: str) -> WebhookTenant | None:
        found = self._tenants.get(tenant)
        return found if found is not None and found.system == system else None


class EnvTenantResolver:
    """Resolves from the JSON in ``ERPLINK_WEBHOOK_TENANTS``, read at each call (callers cache)."""

    def __init__(self, env_var: str = TENANTS_ENV) -> None:
        self._env_var = env_var

    def resolve(self, system: str, tenant: str) -> WebhookTenant | None:
        raw = os.environ.get(self._env_var, "{}")
        try:
            mapping = json.loads(raw)
        except json.JSONDecodeError:
            log.error("%s is not valid JSON; no webhook tenant can be resolved", self._env_var)
            return None
        return MappingTenantResolver(mapping).resolve(system, tenant)


class ConfigTenantResolver:
    """Resolves from the integration config: enabled tenants whose store has webhooks switched on."""

    def __init__(self, load: Callable[[], Any] | None = None) -> None:
        self._load = load

    def _tenants(self) -> Iterable[Any]:
        if self._load is not None:
            tenants: Iterable[Any] = self._load().tenants
            return tenants
        from erplink.config.tenants import load_tenants

        return load_tenants().tenants

    def resolve(self, system: str, tenant: str) -> WebhookTenant | None:
        for entry in self._tenants():
            if entry.name != tenant or entry.store.system != system:
                continue
            if not getattr(entry, "enabled", True) or not getattr(entry.store, "webhooks", True):
                return None
            return WebhookTenant(name=entry.name, system=entry.store.system, conn_id=entry.store.conn_id)
        return None


class DefaultTenantResolver:
    """The environment mapping when it is set, else the integration config."""

    def __init__(self) -> None:
        self._env = EnvTenantResolver()
        self._config = ConfigTenantResolver()

    def resolve(self, system: str, tenant: str) -> WebhookTenant | None:
        if os.environ.get(TENANTS_ENV):
            return self._env.resolve(system, tenant)
        return self._config.resolve(system, tenant)


class CachedTenantResolver:
    """Remembers answers (including "unknown") briefly, so a flood of deliveries reads the config rarely."""

    def __init__(self, inner: TenantResolver, cache: TtlCache[WebhookTenant | None]) -> None:
        self._inner = inner
        self._cache = cache

    def resolve(self, system: str, tenant: str) -> WebhookTenant | None:
        return self._cache.get_or_load((system, tenant), lambda: self._inner.resolve(system, tenant))
