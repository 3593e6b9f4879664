"""Adobe Commerce: RSA-SHA256 over base64(raw body), verified with the configured public key.

No integration drains Adobe Commerce events yet, so the receiver turns them away (test_receiver_on_airflow.py);
the reader is tested directly, with the keys the receiver would read from the store connection.
"""

from __future__ import annotations

import base64
import json
from datetime import datetime, timezone

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from erplink.ledger import Ledger
from erplink.systems.adobe_commerce.webhooks import SIGNATURE_HEADER, AdobeCommerceReader
from erplink.webhooks.deliveries import MalformedDelivery, RejectedDelivery
from tests.erplink.webhooks.support import connection_env, store, tenant_keys

READER = AdobeCommerceReader()


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


@pytest.fixture(autouse=True)
def adobe_connection(monkeypatch, key_pair) -> None:
    monkeypatch.setenv(*connection_env("erplink_adobe_test", {"webhook_public_key": pem(key_pair)}))


def read(body: bytes, headers: dict[str, str]):
    return READER.read(body, headers, tenant_keys("adobe1"), datetime.now(timezone.utc))


def test_signed_event_becomes_an_inbox_entry_and_is_acknowledged_with_success_operation(key_pair) -> None:
    body = order_event()
    event = read(body, {SIGNATURE_HEADER: sign(body, key_pair)})
    assert (event.topic, event.resource, event.resource_id, event.modified) == (
        "observer.sales_order_save_after", "order", "9", "2026-03-01 10:00:00"
    )
    assert READER.acknowledgement("accepted") == {"op": "success"}


def test_same_record_version_twice_is_stored_once(key_pair, ledger: Ledger) -> None:
    body = order_event()
    entries = [read(body, {SIGNATURE_HEADER: sign(body, key_pair)}) for _ in range(2)]
    assert [store(ledger, "adobe_commerce", "adobe1", e) for e in entries] == [True, False]
    assert len(ledger.inbox_pending(system="adobe_commerce", tenant="adobe1")) == 1


@pytest.mark.parametrize("case", ["other-key", "missing", "tampered", "not-base64"])
def test_signature_from_another_key_or_missing_or_tampered_is_rejected(key_pair, other_key, case) -> None:
    body = order_event()
    headers = {
        "other-key": {SIGNATURE_HEADER: sign(body, other_key)},
        "missing": {},
        "tampered": {SIGNATURE_HEADER: sign(order_event(entity_id=10), key_pair)},
        "not-base64": {SIGNATURE_HEADER: "%%%"},
    }[case]
    with pytest.raises(RejectedDelivery):
        read(body, headers)


def test_signed_event_without_a_record_id_is_malformed(key_pair) -> None:
    body = json.dumps({"eventName": "observer.x", "data": {"order": {"status": "new"}}}).encode()
    with pytest.raises(MalformedDelivery):
        read(body, {SIGNATURE_HEADER: sign(body, key_pair)})
