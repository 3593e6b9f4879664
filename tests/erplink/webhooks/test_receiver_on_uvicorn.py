"""The standalone receiver over real HTTP on loopback, sent with ``requests`` the way a store sends."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from erplink.ledger import Ledger
from erplink.webhooks.app import create_standalone_app
from erplink.webhooks.settings import ReceiverSettings
from tests.erplink.webhooks.servers import serve
from tests.erplink.webhooks.support import RecordingWaker, build_receiver, dumps, woo_headers, woo_order

CAP = 32 * 1024


@pytest.fixture
def served(ledger: Ledger) -> Iterator[tuple[str, RecordingWaker]]:
    waker = RecordingWaker()
    app = create_standalone_app(build_receiver(ledger, waker=waker, settings=ReceiverSettings(max_body_bytes=CAP)))
    with serve(app) as base_url:
        yield f"{base_url}/erplink/webhooks/woocommerce/shop1", waker


def test_signed_delivery_over_http_is_stored_and_wakes(served, ledger: Ledger) -> None:
    url, waker = served
    body = dumps(woo_order())
    response = requests.post(url, data=body, headers=woo_headers(body), timeout=10)
    assert response.status_code == 200
    assert len(ledger.inbox_pending(system="woocommerce", tenant="shop1")) == 1
    assert waker.calls == [("woocommerce", "shop1")]


def test_created_then_updated_over_http_is_stored_once(served, ledger: Ledger) -> None:
    url, _ = served
    body = dumps(woo_order())
    codes = [
        requests.post(url, data=body, headers=woo_headers(body, topic=topic, delivery=d), timeout=10).status_code
        for topic, d in (("order.created", "a"), ("order.updated", "b"), ("order.updated", "b"))
    ]
    assert codes == [200, 200, 200]
    assert len(ledger.inbox_pending(system="woocommerce", tenant="shop1")) == 1


def test_bad_signature_over_http_is_401(served, ledger: Ledger) -> None:
    url, _ = served
    body = dumps(woo_order())
    response = requests.post(url, data=body, headers=woo_headers(body, secret="guess"), timeout=10)
    assert response.status_code == 401
    assert ledger.inbox_pending(system="woocommerce", tenant="shop1") == []


def test_chunked_body_without_length_is_cut_off_at_the_cap(served, ledger: Ledger) -> None:
    """No Content-Length to trust: the cap is enforced while the stream is read."""
    url, _ = served
    sent = {"bytes": 0}

    def chunks() -> Iterator[bytes]:
        for _ in range(1024):  # up to 8 MiB offered, far past the 32 KiB cap
            sent["bytes"] += 8192
            yield b"x" * 8192

    headers = {"Content-Type": "application/json", "X-WC-Webhook-Signature": "irrelevant", "X-WC-Webhook-Topic": "order.created"}
    try:
        response = requests.post(url, data=chunks(), headers=headers, timeout=10)
    except requests.ConnectionError:
        pytest.fail("the receiver should answer 413, not drop the connection")
    assert response.status_code == 413
    assert ledger.inbox_pending(system="woocommerce", tenant="shop1") == []


def test_declared_oversized_body_is_refused_413(served) -> None:
    url, _ = served
    body = dumps(woo_order(note="y" * CAP))
    assert requests.post(url, data=body, headers=woo_headers(body), timeout=10).status_code == 413


def test_ping_over_http_is_200(served) -> None:
    url, _ = served
    response = requests.post(url, data={"webhook_id": "7"}, timeout=10)  # requests form-encodes, as WordPress does
    assert response.status_code == 200
