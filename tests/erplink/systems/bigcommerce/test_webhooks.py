"""BigCommerce: Standard Webhooks signatures with the app's client secret; thin stubs de-duplicated on ``hash``.

No integration drains BigCommerce events yet, so the receiver turns them away (test_receiver_on_airflow.py);
the reader is tested directly, with the keys the receiver would read from the store connection.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from standardwebhooks import Webhook

from erplink.ledger import Ledger
from erplink.systems.bigcommerce.webhooks import BigCommerceReader
from erplink.webhooks.deliveries import MalformedDelivery, RejectedDelivery
from tests.erplink.webhooks.support import connection_env, store, tenant_keys

CLIENT_SECRET = "bc-app-client-secret"
READER = BigCommerceReader()


@pytest.fixture(autouse=True)
def bc_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(*connection_env("erplink_bc_test", {"client_secret": CLIENT_SECRET}))


def stub(order_id: int = 250, event_hash: str = "3f9ea420af83450d7ef9f78b08c8af25b2213637") -> bytes:
    return json.dumps(
        {
            "scope": "store/order/created",
            "store_id": "1025646",
            "data": {"type": "order", "id": order_id},
            "hash": event_hash,
            "created_at": 1561479335,
            "producer": "stores/abc123",
        }
    ).encode()


def signed(body: bytes, *, secret: str = CLIENT_SECRET, msg_id: str = "msg_1", at: datetime | None = None) -> dict[str, str]:
    """Headers (lower-case, as the receiver hands them over) signed by the reference standardwebhooks library,
    keyed with the secret's bytes as BigCommerce does."""
    at = at or datetime.now(timezone.utc)
    return {
        "content-type": "application/json",
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": Webhook(secret.encode()).sign(msg_id, at, body.decode()),
    }


def read(body: bytes, headers: dict[str, str]):
    return READER.read(body, headers, tenant_keys("bcshop"), datetime.now(timezone.utc))


def test_signed_stub_becomes_a_fetch_event() -> None:
    event = read(stub(), signed(stub()))
    assert (event.topic, event.resource, event.resource_id) == ("store/order/created", "order", "250")
    assert event.delivery_id == "msg_1"
    assert event.modified == "3f9ea420af83450d7ef9f78b08c8af25b2213637"


def test_duplicate_fire_with_same_hash_is_stored_once(ledger: Ledger) -> None:
    first = read(stub(), signed(stub(), msg_id="msg_1"))
    again = read(stub(), signed(stub(), msg_id="msg_2"))
    other = read(stub(event_hash="ffff"), signed(stub(event_hash="ffff"), msg_id="msg_3"))
    assert [store(ledger, "bigcommerce", "bcshop", e) for e in (first, again, other)] == [True, False, True]
    assert len(ledger.inbox_pending(system="bigcommerce", tenant="bcshop")) == 2


def test_previous_client_secret_verifies_only_during_its_grace_period(monkeypatch) -> None:
    until = datetime.now(timezone.utc) + timedelta(hours=1)
    monkeypatch.setenv(*connection_env("erplink_bc_test", {
        "client_secret": "bc-secret-new", "client_secret_previous": CLIENT_SECRET,
        "client_secret_previous_valid_until": until.isoformat(),
    }))
    body, headers = stub(), signed(stub())
    assert READER.read(body, headers, tenant_keys("bcshop"), datetime.now(timezone.utc)).resource_id == "250"
    with pytest.raises(RejectedDelivery):
        READER.read(body, headers, tenant_keys("bcshop", now=until), datetime.now(timezone.utc))


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param(lambda b: signed(b, secret="someone-else"), id="wrong-secret"),
        pytest.param(lambda b: signed(b, at=datetime.now(timezone.utc) - timedelta(hours=1)), id="stale-timestamp"),
        pytest.param(lambda b: {k: v for k, v in signed(b).items() if k != "webhook-signature"}, id="missing"),
        pytest.param(lambda b: {**signed(b), "webhook-signature": "v1,not-base64!"}, id="garbled"),
        pytest.param(lambda b: {**signed(b), "webhook-id": "msg_other"}, id="id-swapped"),
    ],
)
def test_unverifiable_deliveries_are_rejected(headers) -> None:
    with pytest.raises(RejectedDelivery):
        read(stub(), headers(stub()))


def test_signed_body_that_is_not_a_stub_is_malformed() -> None:
    body = json.dumps({"scope": "store/order/created", "data": {"type": "order"}, "hash": "h"}).encode()
    with pytest.raises(MalformedDelivery):
        read(body, signed(body))
