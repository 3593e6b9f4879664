"""Hooks and callbacks: the documented limits on subscriptions, thin callbacks signed per Standard Webhooks
(verifiable with the `standardwebhooks` library and with the standard library alone), duplicates sharing one
`hash`, out-of-order delivery, retries on the documented schedule and the hook switched off after the last."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest
import requests
from fastapi.testclient import TestClient
from sandbox import Sandbox
from sandbox.bigcommerce.webhooks import RETRY_SCHEDULE_S
from standardwebhooks import Webhook

from tests.sandbox.bigcommerce.conftest import FakeClock, store_url

DESTINATION = "https://erp.example.com/bigcommerce/hooks"


@pytest.fixture
def clock() -> FakeClock:
    """Now: a receiver checks the signed timestamp against its own clock (five minutes tolerance)."""
    return FakeClock(datetime.now(UTC))


class Receiver:
    """Records what arrives and answers with the next status of `statuses` (then 200)."""

    def __init__(self, statuses: list[int] | None = None) -> None:
        self.calls: list[tuple[str, bytes, dict[str, str]]] = []
        self.statuses = list(statuses or [])

    def __call__(self, url: str, body: bytes, headers: dict[str, str]) -> int:
        self.calls.append((url, body, headers))
        return self.statuses.pop(0) if self.statuses else 200

    def bodies(self) -> list[dict[str, Any]]:
        return [json.loads(body) for _, body, _ in self.calls]


def _subscribe(
    api: requests.Session, sandbox: Sandbox, scope: str = "store/order/*", destination: str = DESTINATION, **extra: Any
) -> requests.Response:
    return api.post(store_url(sandbox, "v3/hooks"), json={"scope": scope, "destination": destination, **extra})


def _live_order_ids(sandbox: Sandbox, count: int) -> list[int]:
    return sorted(r.order_id for r in sandbox.state.records.orders.values() if not r.archived)[:count]


@pytest.mark.parametrize("destination", ["http://erp.example.com/hooks", "https://erp.example.com:8443/hooks"])
def test_destination_must_be_https_on_443(api: requests.Session, bigcommerce: Sandbox, destination: str) -> None:
    response = _subscribe(api, bigcommerce, destination=destination)
    assert response.status_code == 422
    assert "destination" in response.json()["errors"]


def test_one_hook_per_scope_and_destination_and_ten_per_scope(api: requests.Session, bigcommerce: Sandbox) -> None:
    assert _subscribe(api, bigcommerce).status_code == 200
    assert _subscribe(api, bigcommerce).status_code == 422
    for index in range(9):
        assert _subscribe(api, bigcommerce, destination=f"https://erp{index}.example.com/h").status_code == 200
    eleventh = _subscribe(api, bigcommerce, destination="https://erp99.example.com/h")
    assert eleventh.status_code == 422 and "scope" in eleventh.json()["errors"]


def test_callback_is_thin_and_verifies_with_standardwebhooks_and_plain_hmac(
    api: requests.Session, bigcommerce: Sandbox
) -> None:
    _subscribe(api, bigcommerce, scope="store/order/updated")
    order_id = _live_order_ids(bigcommerce, 1)[0]
    bigcommerce.state.touch_order(order_id)
    receiver = Receiver()
    bigcommerce.state.outbox.flush(receiver, bigcommerce.state.now())
    _, body, headers = receiver.calls[0]
    callback = json.loads(body)
    assert set(callback) == {"scope", "store_id", "data", "hash", "created_at", "producer"}
    assert callback["data"] == {"type": "order", "id": order_id}
    assert callback["producer"] == f"stores/{bigcommerce.state.options.store_hash}"
    secret = bigcommerce.state.credentials.client_secret
    # As https-webhook-overview.mdx tells receivers: the library keyed with base64(client secret).
    Webhook(base64.b64encode(secret.encode()).decode()).verify(body, headers)
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
    expected = base64.b64encode(hmac.new(secret.encode(), signed, hashlib.sha256).digest()).decode()
    assert headers["webhook-signature"] == f"v1,{expected}"


def test_tampered_callback_fails_verification(api: requests.Session, bigcommerce: Sandbox) -> None:
    _subscribe(api, bigcommerce)
    bigcommerce.state.touch_order(_live_order_ids(bigcommerce, 1)[0])
    receiver = Receiver()
    bigcommerce.state.outbox.flush(receiver, bigcommerce.state.now())
    _, body, headers = receiver.calls[0]
    with pytest.raises(Exception, match="signature"):
        Webhook(bigcommerce.state.credentials.client_secret.encode()).verify(body.replace(b"order", b"0rder"), headers)


def test_duplicates_share_the_hash_and_deliveries_come_out_of_order(
    api: requests.Session, bigcommerce: Sandbox
) -> None:
    _subscribe(api, bigcommerce, scope="store/order/updated")
    fired = _live_order_ids(bigcommerce, 6)
    for order_id in fired:
        bigcommerce.state.touch_order(order_id)
    receiver = Receiver()
    bigcommerce.state.outbox.flush(receiver, bigcommerce.state.now())
    bodies = receiver.bodies()
    arrived = [body["data"]["id"] for body in bodies]
    assert sorted(set(arrived)) == fired and len(arrived) > len(fired)
    first_seen = list(dict.fromkeys(arrived))
    assert first_seen != fired
    by_hash: dict[str, set[str]] = {}
    for (_, _, headers), body in zip(receiver.calls, bodies, strict=True):
        by_hash.setdefault(body["hash"], set()).add(headers["webhook-id"])
    assert len(by_hash) == len(fired)  # one hash per event, however often it came
    assert any(len(ids) > 1 for ids in by_hash.values())


def test_failed_delivery_is_retried_on_schedule_and_the_hook_switched_off_after_the_last(
    api: requests.Session, bigcommerce: Sandbox, clock: FakeClock
) -> None:
    hook_id = _subscribe(api, bigcommerce, scope="store/order/updated").json()["data"]["id"]
    bigcommerce.state.set_options(replace(bigcommerce.state.options, duplicate_every=0))
    bigcommerce.state.touch_order(_live_order_ids(bigcommerce, 1)[0])
    failing = Receiver([500] * (len(RETRY_SCHEDULE_S) + 1))
    outbox = bigcommerce.state.outbox
    outbox.flush(failing, bigcommerce.state.now())
    for delay in RETRY_SCHEDULE_S:
        clock.advance(delay - 1)
        assert outbox.flush(failing, bigcommerce.state.now()) == []  # not due yet
        clock.advance(1)
        assert len(outbox.flush(failing, bigcommerce.state.now())) == 1
    assert len(failing.calls) == len(RETRY_SCHEDULE_S) + 1
    assert len({headers["webhook-id"] for _, _, headers in failing.calls}) == 1
    assert api.get(store_url(bigcommerce, f"v3/hooks/{hook_id}")).json()["data"]["is_active"] is False


def test_retry_that_succeeds_ends_the_delivery(api: requests.Session, bigcommerce: Sandbox, clock: FakeClock) -> None:
    _subscribe(api, bigcommerce, scope="store/order/updated")
    bigcommerce.state.touch_order(_live_order_ids(bigcommerce, 1)[0])
    receiver = Receiver([503])
    bigcommerce.state.outbox.flush(receiver, bigcommerce.state.now())
    clock.advance(RETRY_SCHEDULE_S[0])
    bigcommerce.state.outbox.flush(receiver, bigcommerce.state.now())
    clock.advance(86_400)
    assert bigcommerce.state.outbox.flush(receiver, bigcommerce.state.now()) == []
    assert len(receiver.calls) == 2


def test_custom_hook_headers_travel_with_the_callback(api: requests.Session, bigcommerce: Sandbox) -> None:
    _subscribe(api, bigcommerce, headers={"X-Shared-Key": "k-1"})
    bigcommerce.state.touch_order(_live_order_ids(bigcommerce, 1)[0])
    receiver = Receiver()
    bigcommerce.state.outbox.flush(receiver, bigcommerce.state.now())
    assert receiver.calls[0][2]["X-Shared-Key"] == "k-1"


def test_catalog_write_fires_product_updated(api: requests.Session, bigcommerce: Sandbox) -> None:
    _subscribe(api, bigcommerce, scope="store/product/updated")
    product_id = next(iter(bigcommerce.state.records.products))
    api.put(store_url(bigcommerce, "v3/catalog/products"), json=[{"id": product_id, "price": 3.5}])
    receiver = Receiver()
    bigcommerce.state.outbox.flush(receiver, bigcommerce.state.now())
    assert receiver.bodies()[0]["data"] == {"type": "product", "id": product_id}


def test_admin_flush_sends_to_a_local_target(
    api: requests.Session, bigcommerce: Sandbox, admin: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A receiver on a loopback port cannot be a 443 destination: the admin flush takes a `target`."""
    _subscribe(api, bigcommerce)
    admin.post(f"/orders/{_live_order_ids(bigcommerce, 1)[0]}/touch")
    posted: list[str] = []

    class Answer:
        status_code = 204

    def fake_post(url: str, **_: Any) -> Answer:
        posted.append(url)
        return Answer()

    monkeypatch.setattr("sandbox.bigcommerce.admin.requests.post", fake_post)
    outcomes = admin.post("/webhooks/flush", json={"target": "https://127.0.0.1:8443/hooks"}).json()
    assert posted and set(posted) == {"https://127.0.0.1:8443/hooks"}
    assert all(outcome["status"] == 204 for outcome in outcomes)
