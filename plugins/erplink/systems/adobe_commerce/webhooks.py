"""Adobe Commerce deliveries: ``x-adobe-commerce-webhook-signature`` is an RSA-SHA256 signature (base64) of the
base64-encoded request body, verified with the public key from the Commerce webhooks configuration
(commerce-extensibility, webhooks/signature-verification.md).

Commerce webhooks are synchronous: Commerce waits for ``{"op": "success"}``. Subscribe the receiver to
after-commit observer events (e.g. ``observer.sales_order_save_after``) with ``required="false"`` so that the
receiver being down never blocks checkout. The body is ``{"eventName": ..., "data": {"<resource>": {...}}}``.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping, Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from erplink.webhooks.deliveries import (
    InboxEntry,
    MalformedDelivery,
    Ping,
    RejectedDelivery,
    identifier,
    json_object,
    signature_verified,
)

SIGNATURE_HEADER = "x-adobe-commerce-webhook-signature"
_ID_FIELDS = ("entity_id", "id", "increment_id")


@lru_cache(maxsize=16)
def _public_key(pem: str) -> rsa.RSAPublicKey | None:
    try:
        key = serialization.load_pem_public_key(pem.encode())
    except ValueError:
        return None
    return key if isinstance(key, rsa.RSAPublicKey) else None


def _verifies(body: bytes, signature: bytes, pem: str) -> bool:
    key = _public_key(pem)
    if key is None:
        return False
    # The signed message is the base64 text of the raw body, exactly as Commerce sent it.
    try:
        key.verify(signature, base64.b64encode(body), padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        return False
    return True


class AdobeCommerceReader:
    system = "adobe_commerce"
    key_field = "webhook_public_key"  # signed with a private key; the receiver holds the public half (PEM)

    def read(self, body: bytes, headers: Mapping[str, str], keys: Sequence[str], now: datetime) -> InboxEntry | Ping:
        sent = headers.get(SIGNATURE_HEADER)
        if not sent:
            raise RejectedDelivery("missing signature")
        try:
            signature = base64.b64decode(sent, validate=True)
        except (binascii.Error, ValueError):
            raise RejectedDelivery("bad signature") from None
        if not any([_verifies(body, signature, pem) for pem in keys]):
            raise RejectedDelivery("bad signature")
        with signature_verified():
            return _entry(json_object(body))

    def acknowledgement(self, verdict: str) -> dict[str, Any]:
        return {"op": "success"}


def _entry(document: dict[str, Any]) -> InboxEntry:
    data = document.get("data")
    if not isinstance(data, dict):
        raise MalformedDelivery("body has no data object")
    records = [(name, value) for name, value in data.items() if isinstance(value, dict)]
    if len(records) != 1:
        raise MalformedDelivery("data must hold exactly one record object")
    resource, record = records[0]
    resource_id = next((identifier(record.get(f)) for f in _ID_FIELDS if identifier(record.get(f))), None)
    if resource_id is None:
        raise MalformedDelivery(f"{resource} record has no entity_id/id/increment_id")
    modified = record.get("updated_at")
    topic = document.get("eventName")
    return InboxEntry(
        topic=topic if isinstance(topic, str) and topic else f"{resource}.changed",
        resource=resource,
        resource_id=resource_id,
        modified=modified if isinstance(modified, str) and modified else None,
        payload=document,
        delivery_id=None,
    )


# The reader the webhook receiver builds for this system's deliveries (it finds it by name: ``webhooks.READER``).
READER = AdobeCommerceReader
