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
TRANSPORTS = ["content-length", "chunked"]


def post(url: str, body: bytes, headers: dict[str, str], transport: str) -> requests.Response:
    """Sends the body with a Content-Length, or chunked without one (requests streams a generator that way)."""
    if transport == "chunked":
        half = len(body) // 2
        return requests.post(url, data=iter([body[:half], body[half:]]), headers=headers, timeout=10)
    return requests.post(url, data=body, headers=headers, timeout=10)


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


@pytest.mark.parametrize("transport", TRANSPORTS)
@pytest.mark.parametrize(
    "mangle",
    [
        pytest.param(lambda h: h.pop("X-WC-Webhook-Signature"), id="missing"),
        pytest.param(lambda h: h.update({"X-WC-Webhook-Signature": h["X-WC-Webhook-Signature"][:-6]}), id="truncated"),
    ],
)
def test_missing_or_truncated_signature_over_http_is_401_and_nothing_is_stored(served, ledger, mangle, transport) -> None:
    url, waker = served
    body = dumps(woo_order())
    headers = woo_headers(body)
    mangle(headers)
    response = post(url, body, headers, transport)
    assert response.status_code == 401
    assert response.json() == {"detail": "signature missing or invalid"}
    assert ledger.inbox_pending(system="woocommerce", tenant="shop1") == []
    assert waker.calls == []


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_malformed_json_after_a_valid_signature_over_http_is_400_and_nothing_is_queued(served, ledger, transport) -> None:
    """The signature is checked first and holds; the body then cannot be keyed, so it is refused and nothing is
    queued for the DAG (it is kept as rejected: see test_unreadable_deliveries.py)."""
    url, waker = served
    body = b'{"id": 1042, "date_modified_gmt": "2026-03-01T10:00:00", "status": '
    response = post(url, body, woo_headers(body), transport)  # signed over exactly these bytes
    assert response.status_code == 400
    assert response.json() == {"detail": "body is not valid JSON"}
    assert ledger.inbox_pending(system="woocommerce", tenant="shop1") == []
    assert waker.calls == []


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_unknown_tenant_over_http_is_404_and_nothing_is_stored(served, ledger, transport) -> None:
    url, waker = served
    body = dumps(woo_order())
    response = post(url.rsplit("/", 1)[0] + "/nobody", body, woo_headers(body), transport)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}
    assert ledger.inbox_pending(system="woocommerce", tenant="nobody") == []
    assert waker.calls == []


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_signed_delivery_is_stored_whichever_way_the_body_is_framed(served, ledger, transport) -> None:
    """The other cases' refusals are not an artefact of the framing: the same framing carries a good delivery."""
    url, waker = served
    body = dumps(woo_order())
    response = post(url, body, woo_headers(body), transport)
    assert response.status_code == 200
    assert [e.resource_id for e in ledger.inbox_pending(system="woocommerce", tenant="shop1")] == ["1042"]
    assert waker.calls == [("woocommerce", "shop1")]
