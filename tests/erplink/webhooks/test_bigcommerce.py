"""BigCommerce: Standard Webhooks signatures with the app's client secret; thin stubs de-duplicated on ``hash``."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from fastapi.testclient import TestClient
from standardwebhooks import Webhook

from erplink.ledger import Ledger
from erplink.webhooks.app import create_standalone_app
from tests.erplink.webhooks.support import RecordingWaker, build_receiver, connection_env

URL = "/erplink/webhooks/bigcommerce/bcshop"
CLIENT_SECRET = "bc-app-client-secret"


@pytest.fixture(autouse=True)
def bc_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    name, value = connection_env("erplink_bc_test", {"client_secret": CLIENT_SECRET})
    monkeypatch.setenv(name, value)


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
    """Headers signed by the reference standardwebhooks library, keyed with the secret's bytes as BigCommerce does."""
    at = at or datetime.now(timezone.utc)
    return {
        "Content-Type": "application/json",
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": Webhook(secret.encode()).sign(msg_id, at, body.decode()),
    }


@pytest.fixture
def client_and_waker(ledger: Ledger) -> tuple[TestClient, RecordingWaker]:
    waker = RecordingWaker()
    return TestClient(create_standalone_app(build_receiver(ledger, waker=waker))), waker


def test_signed_stub_becomes_a_fetch_event_and_wakes(client_and_waker, ledger: Ledger) -> None:
    client, waker = client_and_waker
    response = client.post(URL, content=stub(), headers=signed(stub()))
    assert response.status_code == 200
    (event,) = ledger.inbox_pending(system="bigcommerce", tenant="bcshop")
    assert (event.topic, event.resource, event.resource_id) == ("store/order/created", "order", "250")
    assert event.delivery_id == "msg_1"
    assert waker.calls == [("bigcommerce", "bcshop")]


def test_duplicate_fire_with_same_hash_is_stored_once(client_and_waker, ledger: Ledger) -> None:
    client, _ = client_and_waker
    first = client.post(URL, content=stub(), headers=signed(stub(), msg_id="msg_1"))
    again = client.post(URL, content=stub(), headers=signed(stub(), msg_id="msg_2"))
    other = client.post(URL, content=stub(event_hash="ffff"), headers=signed(stub(event_hash="ffff"), msg_id="msg_3"))
    assert [r.json()["status"] for r in (first, again, other)] == ["accepted", "duplicate", "accepted"]
    assert len(ledger.inbox_pending(system="bigcommerce", tenant="bcshop")) == 2


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
def test_unverifiable_deliveries_are_401(client_and_waker, ledger: Ledger, headers) -> None:
    client, waker = client_and_waker
    assert client.post(URL, content=stub(), headers=headers(stub())).status_code == 401
    assert ledger.inbox_pending(system="bigcommerce", tenant="bcshop") == []
    assert waker.calls == []


def test_signed_body_that_is_not_a_stub_is_400(client_and_waker) -> None:
    client, _ = client_and_waker
    body = json.dumps({"scope": "store/order/created", "data": {"type": "order"}, "hash": "h"}).encode()
    assert client.post(URL, content=body, headers=signed(body)).status_code == 400
