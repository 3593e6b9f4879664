"""Signing keys per tenant, read from the store connection's extras, with a bounded overlap for rotation.

Extras (``<field>`` depends on the store system: its reader's ``key_field``):
``<field>``                         the key deliveries are signed with now;
``<field>_previous``                the key before the last rotation, accepted only until ...
``<field>_previous_valid_until``    ... this ISO-8601 instant. Without it the previous key is never accepted.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

import pendulum

from erplink.webhooks.cache import TtlCache
from erplink.webhooks.tenants import WebhookTenant

log = logging.getLogger(__name__)


@dataclass(frozen=True, repr=False)
class SigningKeys:
    current: str
    previous: str | None = None
    previous_valid_until: datetime | None = None

    def active(self, now: datetime) -> tuple[str, ...]:
        """Keys a delivery may be signed with at ``now``: the current one, and the previous one until it expires."""
        if self.previous and self.previous_valid_until is not None and now < self.previous_valid_until:
            return (self.current, self.previous)
        return (self.current,)

    def __repr__(self) -> str:  # never print key material
        return f"SigningKeys(previous={'set' if self.previous else 'unset'}, until={self.previous_valid_until})"


class KeySource(Protocol):
    def keys(self, tenant: WebhookTenant) -> SigningKeys | None:
        """The tenant's signing keys, or None when its connection holds none."""
        ...


def _default_get_connection(conn_id: str) -> Any:
    from airflow.sdk import BaseHook

    return BaseHook.get_connection(conn_id)


def _mask(value: str) -> None:
    try:
        from airflow.sdk.log import mask_secret
    except ImportError:  # pragma: no cover - Airflow is always installed with the plugin
        return
    mask_secret(value)


def keys_from_extras(extras: dict[str, Any], field: str, *, conn_id: str) -> SigningKeys | None:
    current = extras.get(field)
    if not current:
        return None
    previous = extras.get(f"{field}_previous") or None
    until_raw = extras.get(f"{field}_previous_valid_until")
    until: datetime | None = None
    if previous and until_raw:
        parsed: object = None
        with contextlib.suppress(ValueError):
            parsed = pendulum.parse(str(until_raw))
        if isinstance(parsed, datetime):
            until = parsed
        else:
            log.error("connection %s: %s_previous_valid_until is not an ISO-8601 instant", conn_id, field)
    elif previous:
        log.warning("connection %s: %s_previous has no _valid_until instant and is not accepted", conn_id, field)
    for secret in (current, previous):
        if secret:
            _mask(secret)
    return SigningKeys(current=current, previous=previous, previous_valid_until=until)


class ConnectionKeySource:
    """Reads keys from the tenant's store connection (``AIRFLOW_CONN_*`` env vars and secrets backends too).

    ``key_fields`` names, per store system, the extras field that holds its key (each reader's ``key_field``).
    """

    def __init__(
        self,
        cache: TtlCache[SigningKeys | None],
        *,
        key_fields: Mapping[str, str],
        get_connection: Callable[[str], Any] = _default_get_connection,
    ) -> None:
        self._cache = cache
        self._key_fields = dict(key_fields)
        self._get_connection = get_connection

    def _load(self, tenant: WebhookTenant) -> SigningKeys | None:
        field = self._key_fields[tenant.system]
        try:
            connection = self._get_connection(tenant.conn_id)
        except Exception as exc:  # AirflowNotFoundException and backend errors alike
            log.error("tenant %s: connection %s unavailable (%s)", tenant.name, tenant.conn_id, type(exc).__name__)
            return None
        # Read like the hooks read them (hooks/settings.read_extras): plain keys, or the ``extra__<conn_type>__``
        # form that connections saved by older Airflow forms carry.
        prefix = f"extra__{connection.conn_type}__"
        extras = {key.removeprefix(prefix): value for key, value in (connection.extra_dejson or {}).items()}
        return keys_from_extras(extras, field, conn_id=tenant.conn_id)

    def keys(self, tenant: WebhookTenant) -> SigningKeys | None:
        return self._cache.get_or_load((tenant.system, tenant.conn_id), lambda: self._load(tenant))
