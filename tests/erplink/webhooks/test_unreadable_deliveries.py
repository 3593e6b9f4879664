"""A delivery the store signed but whose body cannot be read is kept in the inbox as rejected, with its reason;
what an unauthenticated caller sends is never stored, whatever it looks like."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from erplink.webhooks.app import create_standalone_app
from erplink.webhooks.deliveries import InboxEntry, MalformedDelivery, Ping
from tests.erplink.webhooks.support import build_receiver, dumps, woo_headers, woo_order

URL = "/erplink/webhooks/woocommerce/shop1"


def _client(ledger) -> TestClient:
    return TestClient(create_standalone_app(build_receiver(ledger)))


def _stored_rows(ledger) -> dict[str, int]:
    return ledger.inbox_stats(system="woocommerce", tenant="shop1")


@pytest.mark.parametrize(
    ("body", "reason"),
    [(b'{"id": 1042, "status": ', "body is not valid JSON"), (b"[1, 2]", "body is not a JSON object"),
     (b'{"status": "processing"}', "order.created body has no record id"), (b"\xff\xfe", "body is not valid JSON")],
    ids=["cut-short", "not-an-object", "no-id", "not-utf8"],
)
def test_a_signed_unreadable_delivery_is_kept_as_rejected_with_its_reason(ledger, body: bytes, reason: str) -> None:
    response = _client(ledger).post(URL, content=body, headers=woo_headers(body))

    assert response.status_code == 400 and response.json() == {"detail": reason}
    (kept,) = ledger.inbox_rejected(system="woocommerce", tenant="shop1")
    assert kept.status == "rejected" and kept.payload["reason"] == reason
    assert kept.payload["body"] == body.decode("utf-8", errors="replace")
    assert ledger.inbox_pending(system="woocommerce", tenant="shop1") == [], "nothing to drain"
    assert _stored_rows(ledger) == {"rejected": 1}


def test_the_same_unreadable_delivery_sent_again_is_kept_once(sqlite_ledger) -> None:
    body = b'{"id": 7, "status": '
    client = _client(sqlite_ledger)
    for _ in range(3):
        assert client.post(URL, content=body, headers=woo_headers(body)).status_code == 400
    assert _stored_rows(sqlite_ledger) == {"rejected": 1}


@pytest.mark.parametrize("secret", [None, "not-the-secret"], ids=["unsigned", "wrongly-signed"])
def test_an_unauthenticated_caller_never_grows_the_inbox(sqlite_ledger, secret: str | None) -> None:
    client = _client(sqlite_ledger)
    for n in range(5):
        for body in (f'{{"id": {n}, "status": '.encode(), dumps(woo_order(order_id=n))):
            assert client.post(URL, content=body, headers=woo_headers(body, secret=secret)).status_code == 401
    assert _stored_rows(sqlite_ledger) == {}


class _ReaderThatNeverVerifies:
    """A reader refusing a body before any signature was checked (as a size or format check might)."""

    system = "woocommerce"

    def read(self, body: bytes, headers: Mapping[str, str], keys: Sequence[str], now: datetime) -> InboxEntry | Ping:
        raise MalformedDelivery("refused before the signature was checked")

    def acknowledgement(self, verdict: str) -> dict[str, Any]:
        return {"status": verdict}


def test_a_body_refused_before_its_signature_was_verified_is_not_kept(sqlite_ledger) -> None:
    receiver = build_receiver(sqlite_ledger)
    receiver.readers["woocommerce"] = _ReaderThatNeverVerifies()
    body = b"{not json"
    response = TestClient(create_standalone_app(receiver)).post(URL, content=body, headers=woo_headers(body))
    assert response.status_code == 400
    assert _stored_rows(sqlite_ledger) == {}
