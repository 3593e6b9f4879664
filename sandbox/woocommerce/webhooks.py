"""Webhooks: the REST resource, and a background worker that delivers events as the store would.

Rules kept from WC_Webhook: JSON body signed with base64(HMAC-SHA256(body, secret)); `X-WC-Webhook-*` headers;
redirects not followed; success is a status in 200..302, which resets the failure count; on a failure the
webhook is disabled when the count is already above 5 (so on the 7th consecutive failure), otherwise the count
grows; every attempt saves the webhook, which stamps its date_modified; a first activation sends an unsigned
form-encoded ping `webhook_id=<id>`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import queue
import secrets
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

import requests

from sandbox.seed.orders import WC_VERSION
from sandbox.woocommerce.documents import Documents, copied
from sandbox.woocommerce.errors import WooError, invalid_id, invalid_param
from sandbox.woocommerce.links import simple_links
from sandbox.woocommerce.ordering import Ranking


WEBHOOK_STATUSES = ("active", "paused", "disabled")
RESOURCES = ("coupon", "customer", "order", "product")
EVENTS = ("created", "updated", "deleted", "restored")
MAX_DELIVERY_FAILURES = 5
USER_AGENT = f"WooCommerce/{WC_VERSION} Hookshot (WordPress/6.8.1)"
TOPIC_HOOKS = {
    "order.created": ["woocommerce_new_order"],
    "order.updated": ["woocommerce_update_order", "woocommerce_order_refunded"],
    "order.deleted": ["wp_trash_post"],
    "product.created": ["woocommerce_process_product_meta", "woocommerce_new_product",
                        "woocommerce_new_product_variation"],
    "product.updated": ["woocommerce_process_product_meta", "woocommerce_update_product",
                        "woocommerce_update_product_variation"],
    "product.deleted": ["wp_trash_post"],
    "customer.created": ["user_register", "woocommerce_created_customer", "woocommerce_new_customer"],
    "customer.updated": ["profile_update", "woocommerce_update_customer"],
    "customer.deleted": ["delete_user"],
}
PayloadBuilder = Callable[[str, int], bytes]


def signature(body: bytes, secret: str) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def _valid_topic(topic: Any) -> bool:
    if not isinstance(topic, str):
        return False
    if topic.startswith("action.") and len(topic) > len("action."):
        return True
    resource, _, event = topic.partition(".")
    return resource in RESOURCES and event in EVENTS and not (event == "restored" and resource == "customer")


def _valid_url(url: Any) -> bool:
    if not isinstance(url, str):
        return False
    parts = urlparse(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


@dataclass
class Delivery:
    """One attempt, as the store's delivery log would keep it."""

    webhook_id: int
    kind: str  # "delivery" or "ping"
    topic: str
    delivery_id: str
    status_code: int | None
    error: str | None
    success: bool
    headers: dict[str, str] = field(repr=False)
    body: bytes = field(repr=False)


class Webhooks:
    def __init__(self, docs: Documents, payload: PayloadBuilder, *, delivery_timeout: float = 60.0):
        self.docs = docs
        self._payload = payload
        self._private: dict[int, dict] = {}  # secret, failure_count, pending_delivery
        self.deliveries: list[Delivery] = []
        self._worker = _DeliveryWorker(self, delivery_timeout)
        docs.event_sinks.append(self._on_event)

    # REST resource ---------------------------------------------------------------------------------------------
    def get(self, webhook_id: int, *, status_for_missing: int = 404) -> dict:
        webhook = self.docs.webhooks.get(webhook_id)
        if webhook is None:
            raise invalid_id("webhook", status_for_missing)
        return webhook

    def json(self, webhook_id: int) -> bytes:
        webhook = self.get(webhook_id)
        return self.docs.cached_json("webhook", webhook_id, lambda: {
            **webhook, "_links": simple_links(self.docs.api_url, "webhooks", webhook_id)})

    def query(self, status: str, orderby: str, order: str) -> Ranking:
        def compute() -> Ranking:
            rows = [w for w in self.docs.webhooks.values() if status == "all" or w["status"] == status]
            key = (lambda w: w["id"]) if orderby == "id" else (
                (lambda w: w["name"]) if orderby == "title" else (lambda w: w["date_created"]))
            return Ranking.of(rows, key, reverse=order == "desc")
        return self.docs.cached_ids("webhook", (status, orderby, order), compute)

    def failure_count(self, webhook_id: int) -> int:
        return self._private[webhook_id]["failure_count"]

    def create(self, body: Mapping[str, Any]) -> dict:
        # The webhooks controller's post type is `shop_webhook`, and its error codes are built from it.
        if not _valid_topic(body.get("topic")):
            raise WooError("woocommerce_rest_shop_webhook_invalid_topic",
                           "Webhook topic is required and must be valid.", 400)
        if not _valid_url(body.get("delivery_url")):
            raise WooError("woocommerce_rest_shop_webhook_invalid_delivery_url",
                           "Webhook delivery URL must be a valid URL starting with http:// or https://.", 400)
        status = body.get("status", "active")
        if status not in WEBHOOK_STATUSES:
            raise invalid_param("status", f"status is not one of {', '.join(WEBHOOK_STATUSES)}.")
        with self.docs.lock:
            local, gmt = self.docs.stamp()
            topic = body["topic"]
            resource, _, event = topic.partition(".")
            webhook = {"id": self.docs.next_webhook_id(), "name": str(body.get("name") or f"Webhook created on "
                                                                                         f"{local}"),
                       "status": status, "topic": topic, "resource": resource, "event": event,
                       "hooks": TOPIC_HOOKS.get(topic, [event] if resource == "action" else []),
                       "delivery_url": body["delivery_url"], "date_created": local, "date_created_gmt": gmt,
                       "date_modified": local, "date_modified_gmt": gmt}
            self._private[webhook["id"]] = {"secret": str(body.get("secret") or secrets.token_hex(16)),
                                            "failure_count": 0, "pending_delivery": True}
            self.docs.webhooks[webhook["id"]] = webhook
            self.docs.changed(["webhook"])
        self._maybe_ping(webhook["id"])
        return webhook

    def update(self, webhook_id: int, body: Mapping[str, Any]) -> dict:
        with self.docs.lock:
            webhook = copied(self.get(webhook_id, status_for_missing=400))
            if "topic" in body:
                if not _valid_topic(body["topic"]):
                    raise WooError("woocommerce_rest_shop_webhook_invalid_topic", "Webhook topic must be valid.", 400)
                webhook["topic"] = body["topic"]
                webhook["resource"], _, webhook["event"] = body["topic"].partition(".")
                webhook["hooks"] = TOPIC_HOOKS.get(body["topic"], [])
            if "delivery_url" in body:
                if not _valid_url(body["delivery_url"]):
                    raise WooError("woocommerce_rest_shop_webhook_invalid_delivery_url",
                                   "Webhook delivery URL must be a valid URL starting with http:// or https://.", 400)
                webhook["delivery_url"] = body["delivery_url"]
            if "status" in body:
                if body["status"] not in WEBHOOK_STATUSES:
                    raise invalid_param("status", f"status is not one of {', '.join(WEBHOOK_STATUSES)}.")
                if body["status"] == "active" and webhook["status"] != "active":
                    self._private[webhook_id]["failure_count"] = 0
                webhook["status"] = body["status"]
            if "name" in body:
                webhook["name"] = str(body["name"])
            if body.get("secret"):
                self._private[webhook_id]["secret"] = str(body["secret"])
            webhook["date_modified"], webhook["date_modified_gmt"] = self.docs.stamp()
            self._store(webhook)
        self._maybe_ping(webhook_id)
        return webhook

    def delete(self, webhook_id: int, *, force: bool) -> dict:
        if not force:
            raise WooError("woocommerce_rest_trash_not_supported", "Webhooks do not support trashing.", 501)
        with self.docs.lock:
            webhook = self.get(webhook_id)
            del self.docs.webhooks[webhook_id]
            self.docs.changed(["webhook"], [("webhook", webhook_id)])
        return webhook

    def _store(self, webhook: dict) -> None:
        self.docs.webhooks[webhook["id"]] = webhook
        self.docs.changed(["webhook"], [("webhook", webhook["id"])])

    # delivery --------------------------------------------------------------------------------------------------
    def _maybe_ping(self, webhook_id: int) -> None:
        with self.docs.lock:
            private = self._private[webhook_id]
            if self.docs.webhooks[webhook_id]["status"] != "active" or not private["pending_delivery"]:
                return
            private["pending_delivery"] = False
        self._worker.submit(("ping", webhook_id, "", b""))

    def _on_event(self, resource: str, event: str, resource_id: int) -> None:
        topic = f"{resource}.{event}"
        with self.docs.lock:
            targets = [w["id"] for w in self.docs.webhooks.values() if w["topic"] == topic and w["status"] == "active"]
        if not targets:
            return
        body = self._payload(resource, resource_id) if event != "deleted" else f'{{"id":{resource_id}}}'.encode()
        for webhook_id in targets:
            self._worker.submit(("delivery", webhook_id, topic, body))

    def request_for(self, kind: str, webhook_id: int, topic: str, body: bytes) -> tuple[str, bytes, dict[str, str]]:
        """URL, body and headers of one attempt."""
        with self.docs.lock:
            webhook, private = self.docs.webhooks[webhook_id], self._private[webhook_id]
            delivery_id = hashlib.md5(f"{webhook_id}{secrets.token_hex(8)}".encode()).hexdigest()
            if kind == "ping":
                return webhook["delivery_url"], f"webhook_id={webhook_id}".encode(), {
                    "Content-Type": "application/x-www-form-urlencoded", "User-Agent": USER_AGENT}
            resource, _, event = topic.partition(".")
            return webhook["delivery_url"], body, {
                "Content-Type": "application/json", "User-Agent": USER_AGENT,
                "X-WC-Webhook-Source": f"{self.docs.site_url}/", "X-WC-Webhook-Topic": topic,
                "X-WC-Webhook-Resource": resource, "X-WC-Webhook-Event": event,
                "X-WC-Webhook-Signature": signature(body, private["secret"]),
                "X-WC-Webhook-ID": str(webhook_id), "X-WC-Webhook-Delivery-ID": delivery_id}

    def record(self, delivery: Delivery) -> None:
        with self.docs.lock:
            self.deliveries.append(delivery)
            if delivery.kind != "delivery" or delivery.webhook_id not in self.docs.webhooks:
                return
            private = self._private[delivery.webhook_id]
            webhook = copied(self.docs.webhooks[delivery.webhook_id])
            if delivery.success:
                private["failure_count"] = 0
            elif private["failure_count"] > MAX_DELIVERY_FAILURES:
                webhook["status"] = "disabled"
            else:
                private["failure_count"] += 1
            # WC_Webhook saves itself after every attempt, and WC_Webhook_Data_Store::update stamps date_modified
            # on each save: a disabled webhook's stamp is the failure that disabled it.
            webhook["date_modified"], webhook["date_modified_gmt"] = self.docs.stamp()
            self._store(webhook)

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Block until every queued delivery has been attempted; False if `timeout` passed first."""
        return self._worker.wait_idle(timeout)

    def reset(self) -> None:
        with self.docs.lock:
            self._private.clear()
            self.deliveries.clear()

    def close(self) -> None:
        self._worker.stop()


class _DeliveryWorker:
    """One background thread posting deliveries in order, like the store's Action Scheduler queue."""

    def __init__(self, webhooks: Webhooks, timeout: float):
        self._webhooks = webhooks
        self._timeout = timeout
        self._queue: queue.Queue = queue.Queue()
        self._idle = threading.Condition()
        self._pending = 0
        self._thread: threading.Thread | None = None
        self._session = requests.Session()

    def submit(self, job: tuple[str, int, str, bytes]) -> None:
        with self._idle:
            self._pending += 1
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="woo-webhook-delivery", daemon=True)
                self._thread.start()
        self._queue.put(job)

    def wait_idle(self, timeout: float) -> bool:
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout)

    def stop(self) -> None:
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout=self._timeout + 1)
            self._thread = None
        self._session.close()

    def _run(self) -> None:
        while (job := self._queue.get()) is not None:
            try:
                self._attempt(*job)
            finally:
                with self._idle:
                    self._pending -= 1
                    self._idle.notify_all()

    def _attempt(self, kind: str, webhook_id: int, topic: str, body: bytes) -> None:
        try:
            url, data, headers = self._webhooks.request_for(kind, webhook_id, topic, body)
        except KeyError:
            return  # the webhook was deleted while the job waited
        status_code, error = None, None
        try:
            response = self._session.post(url, data=data, headers=headers, timeout=self._timeout,
                                          allow_redirects=False)
            status_code = response.status_code
        except requests.RequestException as exc:
            error = type(exc).__name__
        # A ping must get exactly 200; deliveries succeed on 200..302.
        success = status_code == 200 if kind == "ping" else status_code is not None and 200 <= status_code < 303
        self._webhooks.record(Delivery(webhook_id, kind, topic, headers.get("X-WC-Webhook-Delivery-ID", ""),
                                       status_code, error, success, headers, data))
