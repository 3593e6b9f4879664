"""Adobe Commerce: RSA-SHA256 over base64(raw body), verified with the configured public key."""

from __future__ import annotations

import base64
import json

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from fastapi.testclient import TestClient

from erplink.ledger import Ledger
from erplink.webhooks.app import create_standalone_app
from tests.erplink.webhooks.support import RecordingWaker, build_receiver, connection_env

URL = "/erplink/webhooks/adobe_commerce/adobe1"


@pytest.fixture(scope="module")
def key_pair() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def other_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def pem(private: rsa.RSAPrivateKey) -> str:
    return private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()


def sign(body: bytes, private: rsa.RSAPrivateKey) -> str:
    """What Commerce sends: the base64 RSA-SHA256 signature of the base64-encoded body."""
    return base64.b64encode(private.sign(base64.b64encode(body), padding.PKCS1v15(), hashes.SHA256())).decode()


def order_event(entity_id: int = 9, updated_at: str = "2026-03-01 10:00:00") -> bytes:
    return json.dumps(
        {"eventName": "observer.sales_order_save_after", "data": {"order": {"entity_id": entity_id, "increment_id": "000000009", "updated_at": updated_at}}}
    ).encode()


@pytest.fixture
def client(monkeypatch, key_pair, ledger: Ledger) -> TestClient:
    name, value = connection_env("erplink_adobe_test", {"webhook_public_key": pem(key_pair)})
    monkeypatch.setenv(name, value)
    return TestClient(create_standalone_app(build_receiver(ledger, waker=RecordingWaker())))


def test_signed_event_is_stored_and_answered_with_success_operation(client, key_pair, ledger: Ledger) -> None:
    body = order_event()
    response = client.post(URL, content=body, headers={"x-adobe-commerce-webhook-signature": sign(body, key_pair)})
    assert response.status_code == 200
    assert response.json() == {"op": "success"}
    (event,) = ledger.inbox_pending(system="adobe_commerce", tenant="adobe1")
    assert (event.topic, event.resource, event.resource_id, event.modified) == (
        "observer.sales_order_save_after", "order", "9", "2026-03-01 10:00:00"
    )


def test_same_record_version_twice_is_stored_once(client, key_pair, ledger: Ledger) -> None:
    body = order_event()
    for _ in range(2):
        client.post(URL, content=body, headers={"x-adobe-commerce-webhook-signature": sign(body, key_pair)})
    assert len(ledger.inbox_pending(system="adobe_commerce", tenant="adobe1")) == 1


def test_signature_from_another_key_or_missing_or_tampered_is_401(client, key_pair, other_key, ledger: Ledger) -> None:
    body = order_event()
    tampered = order_event(entity_id=10)
    answers = [
        client.post(URL, content=body, headers={"x-adobe-commerce-webhook-signature": sign(body, other_key)}),
        client.post(URL, content=body),
        client.post(URL, content=tampered, headers={"x-adobe-commerce-webhook-signature": sign(body, key_pair)}),
        client.post(URL, content=body, headers={"x-adobe-commerce-webhook-signature": "%%%"}),
    ]
    assert [r.status_code for r in answers] == [401, 401, 401, 401]
    assert ledger.inbox_pending(system="adobe_commerce", tenant="adobe1") == []


def test_signed_event_without_a_record_id_is_400(client, key_pair) -> None:
    body = json.dumps({"eventName": "observer.x", "data": {"order": {"status": "new"}}}).encode()
    assert client.post(URL, content=body, headers={"x-adobe-commerce-webhook-signature": sign(body, key_pair)}).status_code == 400
