"""BigCommerce deliveries: Standard Webhooks signatures keyed with the app's client secret.

The body is a thin stub ``{scope, store_id, data{type, id}, hash, created_at, producer}``: it names the record
and the DAG fetches it. BigCommerce fires the same ``hash`` for duplicate fires of one event, so ``hash`` is the
de-duplication key. The standardwebhooks library checks the signature and the timestamp (five minutes tolerance).
"""

from __future__ import annotations

import binascii
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from erplink.webhooks.deliveries import (
    InboxEntry,
    MalformedDelivery,
    Ping,
    RejectedDelivery,
    identifier,
    json_object,
    signature_verified,
)

SIGNATURE_HEADERS = ("webhook-id", "webhook-timestamp", "webhook-signature")


def _verifies(body: bytes, headers: Mapping[str, str], client_secret: str) -> bool:
    # The library takes str keys as base64; BigCommerce's key is the client secret's own bytes.
    try:
        Webhook(client_secret.encode()).verify(body, dict(headers), json_parse=False)
    except (WebhookVerificationError, ValueError, binascii.Error):
        return False
    return True


class BigCommerceReader:
    system = "bigcommerce"
    key_field = "client_secret"  # Standard Webhooks: signed with the app's client secret

    def read(self, body: bytes, headers: Mapping[str, str], keys: Sequence[str], now: datetime) -> InboxEntry | Ping:
        if not all(headers.get(name) for name in SIGNATURE_HEADERS):
            raise RejectedDelivery("missing signature")
        if not any([_verifies(body, headers, key) for key in keys]):
            raise RejectedDelivery("bad signature")
        with signature_verified():
            return _entry(json_object(body), headers.get("webhook-id"))

    def acknowledgement(self, verdict: str) -> dict[str, Any]:
        return {"status": verdict}


def _entry(stub: dict[str, Any], delivery_id: str | None) -> InboxEntry:
    data = stub.get("data")
    scope = stub.get("scope")
    event_hash = stub.get("hash")
    if not isinstance(data, dict) or not isinstance(scope, str) or not isinstance(event_hash, str) or not event_hash:
        raise MalformedDelivery("body is not a BigCommerce webhook stub")
    resource = data.get("type")
    resource_id = identifier(data.get("id"))
    if not isinstance(resource, str) or not resource or resource_id is None:
        raise MalformedDelivery(f"{scope} stub has no data.type/data.id")
    return InboxEntry(
        topic=scope,
        resource=resource,
        resource_id=resource_id,
        modified=event_hash,
        payload=stub,
        delivery_id=delivery_id,
    )


# The reader the webhook receiver builds for this system's deliveries (it finds it by name: ``webhooks.READER``).
READER = BigCommerceReader
