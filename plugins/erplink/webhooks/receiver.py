"""One delivery from request to answer: consumed system -> tenant -> size cap -> signature -> inbox commit -> 2xx
-> coalesced wake. A signed delivery whose body cannot be read is answered 400 and kept in the inbox as rejected."""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse

from erplink.webhooks.body import BodyTooLarge, read_capped_body
from erplink.webhooks.cache import TtlCache
from erplink.webhooks.consumers import consumed_store_systems, not_consumed_reason
from erplink.webhooks.counters import DeliveryCounters, Verdict
from erplink.webhooks.deliveries import DeliveryReader, InboxEntry, MalformedDelivery, Ping, RejectedDelivery
from erplink.webhooks.inbox import Inbox, LazyLedgerInbox
from erplink.webhooks.keys import ConnectionKeySource, KeySource
from erplink.webhooks.settings import ReceiverSettings
from erplink.webhooks.tenants import CachedTenantResolver, DefaultTenantResolver, TenantResolver
from erplink.webhooks.wake import WakeCoalescer, Waker, default_waker

delivery_log = logging.getLogger("erplink.webhooks.delivery")

# Tenant names as the integration config allows them; anything else cannot be a tenant and is answered 404 early.
TENANT_NAME = re.compile(r"[A-Za-z0-9_.-]{1,64}")
UNKNOWN_TENANT_KEY = "(unknown)"  # one counter for all unknown names and systems, so probing cannot grow memory

STATUS_CODES = {
    Verdict.ACCEPTED: 200,
    Verdict.DUPLICATE: 200,
    Verdict.PING: 200,
    Verdict.REJECTED: 401,
    Verdict.MALFORMED: 400,
    Verdict.TOO_LARGE: 413,
    Verdict.UNKNOWN_TENANT: 404,
    Verdict.NOT_CONSUMED: 404,
    Verdict.UNCONFIGURED: 503,
    Verdict.INBOX_ERROR: 500,
}
ERROR_DETAILS = {
    Verdict.REJECTED: "signature missing or invalid",
    Verdict.TOO_LARGE: "request body too large",
    Verdict.UNKNOWN_TENANT: "Not Found",
    Verdict.UNCONFIGURED: "receiver not configured for this tenant",
    Verdict.INBOX_ERROR: "delivery not stored; retry later",
}


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class _Outcome:
    verdict: Verdict
    entry: InboxEntry | None = None
    reason: str | None = None


class WebhookReceiver:
    def __init__(
        self,
        *,
        readers: Mapping[str, DeliveryReader],
        tenants: TenantResolver,
        keys: KeySource,
        inbox: Inbox,
        wakes: WakeCoalescer,
        settings: ReceiverSettings = ReceiverSettings(),
        counters: DeliveryCounters | None = None,
        now: Callable[[], datetime] = _utcnow,
        consumed_systems: Collection[str] | None = None,
    ) -> None:
        self.readers = dict(readers)
        # Readers exist for every store system; deliveries are taken only for those an integration drains.
        self.consumed_systems = frozenset(consumed_store_systems() if consumed_systems is None else consumed_systems)
        self.tenants = tenants
        self.keys = keys
        self.inbox = inbox
        self.wakes = wakes
        self.settings = settings
        self.counters = counters or DeliveryCounters()
        self._now = now

    @classmethod
    def from_env(
        cls,
        *,
        readers: Mapping[str, Callable[[], DeliveryReader]],
        waker: Waker | None = None,
        settings: ReceiverSettings | None = None,
        **overrides: Any,
    ) -> WebhookReceiver:
        """The production wiring; builds objects only (no I/O until the first delivery).

        ``readers`` maps each store system to the factory of its delivery reader.
        """
        settings = settings or ReceiverSettings.from_env()
        built = build_readers(readers)
        parts: dict[str, Any] = {
            "readers": built,
            "tenants": CachedTenantResolver(DefaultTenantResolver(), TtlCache(settings.cache_seconds)),
            "keys": ConnectionKeySource(TtlCache(settings.cache_seconds), key_fields=key_fields(built)),
            "inbox": LazyLedgerInbox(),
            "wakes": WakeCoalescer(waker or default_waker(), interval=settings.wake_interval_seconds),
            "settings": settings,
        }
        parts.update(overrides)
        return cls(**parts)

    async def receive(self, system: str, tenant: str, request: Request) -> JSONResponse:
        started = time.perf_counter()
        outcome = await self._process(system, tenant, request)
        # The tenant name is the caller's text until it is resolved: one shared key, so probing cannot grow memory.
        unresolved = outcome.verdict in (Verdict.UNKNOWN_TENANT, Verdict.NOT_CONSUMED)
        counter_tenant = UNKNOWN_TENANT_KEY if unresolved else tenant
        counter_system = system if system in self.readers else UNKNOWN_TENANT_KEY
        self.counters.count(counter_system, counter_tenant, outcome.verdict)
        status = STATUS_CODES[outcome.verdict]
        if status < 300:
            body = self.readers[system].acknowledgement(outcome.verdict.value)  # only known systems get a 2xx
        else:
            explained = outcome.verdict in (Verdict.MALFORMED, Verdict.NOT_CONSUMED)
            body = {"detail": outcome.reason if explained else ERROR_DETAILS[outcome.verdict]}
        _log_delivery(
            system=counter_system,
            tenant=counter_tenant,
            topic=outcome.entry.topic if outcome.entry else None,
            resource_id=outcome.entry.resource_id if outcome.entry else None,
            verdict=outcome.verdict.value,
            status=status,
            reason=outcome.reason,
            latency_ms=round((time.perf_counter() - started) * 1000, 2),
        )
        return JSONResponse(body, status_code=status)

    async def _process(self, system: str, tenant_name: str, request: Request) -> _Outcome:
        reader = self.readers.get(system)
        if reader is not None and system not in self.consumed_systems:
            return _Outcome(Verdict.NOT_CONSUMED, reason=not_consumed_reason(system))
        tenant = None
        if reader is not None and TENANT_NAME.fullmatch(tenant_name):
            tenant = await run_in_threadpool(self.tenants.resolve, system, tenant_name)
        if reader is None or tenant is None:
            return _Outcome(Verdict.UNKNOWN_TENANT)
        try:
            body = await read_capped_body(request, self.settings.max_body_bytes)
        except BodyTooLarge:
            return _Outcome(Verdict.TOO_LARGE)
        keys = await run_in_threadpool(self.keys.keys, tenant)
        if keys is None:
            return _Outcome(Verdict.UNCONFIGURED, reason=f"connection {tenant.conn_id} holds no signing key")
        headers = {name.lower(): value for name, value in request.headers.items()}
        try:
            delivery = reader.read(body, headers, keys.active(self._now()), self._now())
        except RejectedDelivery as exc:
            return _Outcome(Verdict.REJECTED, reason=exc.reason)
        except MalformedDelivery as exc:
            if exc.verified:  # the store sent it: kept for a person, as the poll may not carry what it announced
                await run_in_threadpool(self._keep_rejected, system, tenant.name, body, exc.reason)
            return _Outcome(Verdict.MALFORMED, reason=exc.reason)
        if isinstance(delivery, Ping):
            return _Outcome(Verdict.PING, reason=f"webhook_id={delivery.webhook_id}")
        try:
            stored = await run_in_threadpool(self._store, system, tenant.name, delivery)
        except Exception as exc:  # the store must retry: no 2xx for an event that is not committed
            return _Outcome(Verdict.INBOX_ERROR, entry=delivery, reason=type(exc).__name__)
        if not stored:
            return _Outcome(Verdict.DUPLICATE, entry=delivery)
        self.wakes.request(system, tenant.name)
        return _Outcome(Verdict.ACCEPTED, entry=delivery)

    def _store(self, system: str, tenant: str, entry: InboxEntry) -> bool:
        return self.inbox.inbox_put(
            system=system,
            tenant=tenant,
            topic=entry.topic,
            resource=entry.resource,
            resource_id=entry.resource_id,
            modified=entry.modified,
            payload=entry.payload,
            delivery_id=entry.delivery_id,
            received_at=self._now(),
        )

    def _keep_rejected(self, system: str, tenant: str, body: bytes, reason: str) -> None:
        try:
            self.inbox.inbox_reject(system=system, tenant=tenant, body=body, reason=reason, received_at=self._now())
        except Exception as exc:  # the answer stays 400 either way: nothing in this body can be applied
            delivery_log.warning(
                "could not keep the unreadable %s delivery for %s in the inbox: %s", system, tenant, type(exc).__name__
            )

    def status(self) -> dict[str, Any]:
        return {"deliveries": self.counters.snapshot(), "wakes": self.wakes.stats()}


def build_readers(factories: Mapping[str, Callable[[], DeliveryReader]]) -> dict[str, DeliveryReader]:
    """Store system → its reader, each built once from its factory."""
    return {system: factory() for system, factory in factories.items()}


def key_fields(readers: Mapping[str, DeliveryReader]) -> dict[str, str]:
    """Store system → the extras field of its connection that holds its signing key."""
    return {system: reader.key_field for system, reader in readers.items()}


def _log_delivery(**fields: Any) -> None:
    """One logfmt line per delivery; fields hold identifiers only, never body content or key material."""
    text = " ".join(f"{name}={_logfmt(value)}" for name, value in fields.items() if value is not None)
    level = logging.INFO if fields["status"] < 400 else logging.WARNING
    delivery_log.log(level, "webhook_delivery %s", text, extra={"erplink_webhook": fields})


def _logfmt(value: Any) -> str:
    text = str(value)
    # Quoted (and escaped) when it could break the line apart: spaces, quotes, '=' or control characters.
    return json.dumps(text) if not text or not text.isprintable() or any(c in text for c in ' "=') else text
