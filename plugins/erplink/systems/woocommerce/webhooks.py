"""WooCommerce deliveries: ``X-WC-Webhook-Signature`` = base64(HMAC-SHA256(raw body, secret)).

Facts (class-wc-webhook.php): the body is the same JSON as ``GET /wc/v3/<resource>s/<id>`` (``{"id": N}`` for
``deleted``, ``{"action", "arg"}`` for ``action.*``); on creation WooCommerce POSTs the form body ``webhook_id=N``
without signature headers and needs exactly 200. ``X-WC-Webhook-Delivery-ID`` is ``wp_hash(id . time)``: equal for
re-sends of one delivery only, and a new order fires both ``order.created`` and ``order.updated``, so records are
de-duplicated on (resource, id, date_modified_gmt) instead.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from erplink.webhooks.deliveries import (
    InboxEntry,
    MalformedDelivery,
    Ping,
    RejectedDelivery,
    identifier,
    json_object,
    signature_verified,
)

SIGNATURE_HEADER = "x-wc-webhook-signature"
_PING_BODY = re.compile(rb"webhook_id=(\d{1,20})")
# WooCommerce signs with wp_specialchars_decode($secret, ENT_QUOTES): the entities below become characters first.
_WP_ENTITIES = (
    ("&lt;", "<"),
    ("&gt;", ">"),
    ("&quot;", '"'),
    ("&#034;", '"'),
    ("&#x22;", '"'),
    ("&#039;", "'"),
    ("&#39;", "'"),
    ("&#x27;", "'"),
    ("&amp;", "&"),
)


def wp_specialchars_decode(secret: str) -> str:
    for entity, char in _WP_ENTITIES:
        secret = secret.replace(entity, char)
    return secret


def signature(body: bytes, secret: str) -> str:
    """The header value WooCommerce sends for ``body`` signed with ``secret``."""
    digest = hmac.new(wp_specialchars_decode(secret).encode(), body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


class WooCommerceReader:
    system = "woocommerce"
    key_field = "webhook_secret"  # the webhook's own secret

    def read(self, body: bytes, headers: Mapping[str, str], keys: Sequence[str], now: datetime) -> InboxEntry | Ping:
        sent = headers.get(SIGNATURE_HEADER)
        if sent is None:
            ping = _ping(body, headers)
            if ping is None:
                raise RejectedDelivery("missing signature")
            return ping
        # Every key is compared so the time taken does not tell which one (if any) was close.
        matches = [hmac.compare_digest(signature(body, key).encode(), sent.strip().encode()) for key in keys]
        if not any(matches):
            raise RejectedDelivery("bad signature")
        with signature_verified():
            return _entry(json_object(body), headers)

    def acknowledgement(self, verdict: str) -> dict[str, Any]:
        return {"status": verdict}


def _ping(body: bytes, headers: Mapping[str, str]) -> Ping | None:
    content_type = headers.get("content-type", "")
    if not content_type.startswith("application/x-www-form-urlencoded"):
        return None
    match = _PING_BODY.fullmatch(body.strip())
    return Ping(webhook_id=match.group(1).decode()) if match else None


def _entry(document: dict[str, Any], headers: Mapping[str, str]) -> InboxEntry:
    topic = headers.get("x-wc-webhook-topic", "").strip()
    if "." not in topic:
        raise MalformedDelivery("missing or unknown X-WC-Webhook-Topic")
    resource = headers.get("x-wc-webhook-resource", "").strip() or topic.split(".", 1)[0]
    delivery_id = headers.get("x-wc-webhook-delivery-id") or None
    resource_id = identifier(document.get("arg") if resource == "action" else document.get("id"))
    if resource_id is None:
        raise MalformedDelivery(f"{topic} body has no record id")
    modified = document.get("date_modified_gmt")
    if not isinstance(modified, str) or not modified:
        # deleted/action bodies carry no modification time: only re-sends of the same delivery are duplicates.
        modified = f"delivery:{delivery_id}" if delivery_id else None
    return InboxEntry(
        topic=topic,
        resource=resource,
        resource_id=resource_id,
        modified=modified,
        payload=document,
        delivery_id=delivery_id,
    )


# The reader the webhook receiver builds for this system's deliveries (it finds it by name: ``webhooks.READER``).
READER = WooCommerceReader
