"""Webhook health on BigCommerce: the app's order hooks (``/v3/hooks``) exist, deliver to the tenant's receiver and
are active (the walk itself is ``erplink.flows.webhook_health``).

Scopes: ``store/order/created`` and ``store/order/updated`` (any change of an order), ``store/order/statusUpdated``
and ``store/order/refund/created`` (a refund; its body names the order, ``data.type`` ``order``), each of them an
order the extract reads from the inbox (events/index.mdx, webhooks.v3.yml). A hook is ours when it delivers to the
tenant's route of the receiver (``/webhooks/bigcommerce/<tenant>``): one that delivers that route elsewhere (the
receiver moved) is pointed at the receiver again; other tenants' and other apps' hooks are left alone. A token
sees only its own app's hooks.

BigCommerce retries a failed delivery for about 48 hours (60 s ... 86400 s, ``RETRY_SCHEDULE``) and then sets the
hook ``is_active: false`` (overview.mdx "Callback retry mechanism"); a PUT with ``is_active: true`` brings it back.
Since when: the first event whose every retry failed was fired the whole retry schedule before the hook was
deactivated. The API gives no deactivation time; ``updated_at`` is the latest change of the hook the API shows
(the deactivation itself, if the platform stamps it, or an earlier change), so ``updated_at`` minus the schedule
is never later than the first lost event, and the hook's creation bounds it from below. The newest delivery the
receiver stored for the tenant makes it earlier still when it is; a hook that delivered elsewhere (no stamp says
since when) reaches back to that delivery, or to its creation when the receiver never heard from the store.

Refused before anything is created or changed: a store connection without ``client_secret`` (BigCommerce signs
with the app's client secret: without it the receiver refuses every delivery, and the hook is deactivated 48
hours later), and a receiver not served over HTTPS on port 443, the only destinations BigCommerce delivers to
(overview.mdx: "custom ports are not supported"; a create is refused with 422). Unlike a WordPress store, a
BigCommerce store never runs on the receiver's host, so ``webhook_receiver_on_store_host`` changes nothing here.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from erplink.config.tenants import ConfigError
from erplink.flows.context import FlowContext
from erplink.flows.webhook_health import Healing, StoreWebhooks, WebhookHealth, check_webhooks
from erplink.hooks.settings import ConnectionConfigError
from erplink.systems.bigcommerce.extract import SYSTEM
from erplink.webhooks.paths import tenant_route
from erplink.windows import to_utc

ORDER_SCOPES = ("store/order/created", "store/order/updated", "store/order/statusUpdated", "store/order/refund/created")
RETRY_SCHEDULE = (60, 180, 300, 600, 900, 1800, 3600, 7200, 21600, 50400, 86400)  # seconds, overview.mdx
RETRY_SPAN = timedelta(seconds=sum(RETRY_SCHEDULE))
HTTPS_PORT = 443


def destination_problem(url: str) -> str | None:
    """Why BigCommerce would refuse (or never reach) ``url`` as a hook's destination, or None."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return "is not a valid URL"
    if parts.scheme != "https" or not parts.hostname:
        return "must be an https:// URL: BigCommerce delivers webhooks only over HTTPS, on port 443"
    if port not in (None, HTTPS_PORT):
        return (
            f"port {port}: BigCommerce delivers webhooks only to port 443 (custom ports are not supported); "
            "publish the receiver on 443, e.g. behind a proxy"
        )
    return None


def _epoch(value: Any) -> datetime | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        return None
    return datetime.fromtimestamp(value, UTC)


def _shown(url: Any) -> str:
    """A destination as a log may show it: scheme, host, port and path, never credentials or a query."""
    try:
        parts = urlsplit(str(url))
        return f"{parts.scheme}://{parts.hostname}{f':{parts.port}' if parts.port else ''}{parts.path}"
    except ValueError:
        return "an unreadable URL"


class BigCommerceWebhooks(StoreWebhooks):
    system = SYSTEM
    topics = ORDER_SCOPES

    def refuse_unusable(self, url: str) -> None:
        fc = self._fc
        if not fc.store.settings.client_secret:
            raise ConnectionConfigError(
                fc.tenant.store.conn_id,
                "client_secret",
                "is required before webhooks are registered or re-activated: BigCommerce signs deliveries with the "
                "app's client secret, without it the receiver refuses every one and the store deactivates the hook",
            )
        if problem := destination_problem(url):
            raise ConfigError(fc.tenant.name, [f"store.webhook_base_url: {problem}"])

    def ours(self, url: str) -> list[dict[str, Any]]:
        route = tenant_route(SYSTEM, self._fc.tenant.name)
        mine = [h for h in self._fc.store.list_hooks() if _path(h.get("destination")).endswith(route)]
        # The hook that already delivers to the receiver first: it is the one to re-activate, and pointing
        # another one of the same scope there would be refused as a duplicate.
        return sorted(mine, key=lambda hook: hook.get("destination") != url)

    def topic(self, hook: dict[str, Any]) -> Any:
        return hook.get("scope")

    def delivers(self, hook: dict[str, Any], url: str) -> bool:
        return hook.get("is_active") is True and hook.get("destination") == url

    def heal(self, hook: dict[str, Any], topic: str, url: str, *, write: bool) -> Healing:
        log, hook_id = self._fc.log, hook.get("id")
        if hook.get("destination") != url:
            log.warning(
                "store webhook %s (%s) delivers to %s, not to the receiver; pointing it at %s. The poll reads the "
                "orders changed since deliveries went astray.",
                hook_id, topic, _shown(hook.get("destination")), _shown(url),
            )  # fmt: skip
            if write:
                self._fc.store.update_hook(int(hook["id"]), destination=url, is_active=True)
            return "corrected"
        log.warning(
            "store webhook %s (%s) is inactive (last updated %s): BigCommerce deactivates a hook after 48 hours of "
            "failed deliveries; re-activating it. The poll reads the orders changed since deliveries stopped.",
            hook_id, topic, _epoch(hook.get("updated_at")),
        )  # fmt: skip
        if write:
            self._fc.store.update_hook(int(hook["id"]), is_active=True)
        return "reactivated"

    def create(self, topic: str, url: str) -> None:
        self._fc.store.create_hook(scope=topic, destination=url)

    def stopped_by(self, hook: dict[str, Any]) -> datetime | None:
        if hook.get("is_active") is not False:
            return None  # active but delivering elsewhere: no stamp says since when
        updated, created = _epoch(hook.get("updated_at")), _epoch(hook.get("created_at"))
        if updated is None:
            return created
        return max(updated - RETRY_SPAN, created) if created is not None else updated - RETRY_SPAN

    def created_at(self, hook: dict[str, Any]) -> datetime | None:
        return _epoch(hook.get("created_at"))

    def last_heard(self) -> datetime | None:
        received = self._fc.ledger.inbox_last_delivery(system=SYSTEM, tenant=self._fc.tenant.name)
        return to_utc(received) if received is not None else None


def _path(url: Any) -> str:
    try:
        return urlsplit(str(url)).path.rstrip("/")
    except ValueError:
        return ""


def ensure_webhooks(fc: FlowContext, *, register: bool = False) -> WebhookHealth:
    """Check (and heal) the tenant's order hooks; with ``register`` create the missing ones."""
    return check_webhooks(fc, BigCommerceWebhooks(fc), register=register)
