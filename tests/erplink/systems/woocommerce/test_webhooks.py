"""WooCommerce signature and body mapping, without HTTP."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from erplink.webhooks.deliveries import MalformedDelivery, Ping, RejectedDelivery
from erplink.systems.woocommerce.webhooks import WooCommerceReader, signature, wp_specialchars_decode
from tests.erplink.webhooks.support import dumps, woo_headers, woo_order

NOW = datetime(2026, 3, 1, tzinfo=timezone.utc)


def lower(headers: dict[str, str]) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items()}


def test_signature_matches_an_independently_computed_hmac() -> None:
    """Expected value from `printf '%s' BODY | openssl dgst -sha256 -hmac 'se&cret' -binary | base64`."""
    assert signature(b'{"id":1042,"status":"processing"}', "se&cret") == "E8/Wf7KtT8iFaOCQ1i/Z2sUedA34IxO1ZDumH7w+TfI="


def test_secret_html_entities_are_decoded_as_wordpress_does_before_signing() -> None:
    assert wp_specialchars_decode("a&amp;b&lt;c&#039;d&quot;") == "a&b<c'd\""
    assert signature(b"{}", "se&amp;cret") == signature(b"{}", "se&cret")


def test_any_active_key_verifies() -> None:
    body = dumps(woo_order())
    headers = lower(woo_headers(body, secret="old-secret"))
    entry = WooCommerceReader().read(body, headers, ("new-secret", "old-secret"), NOW)
    assert entry.resource_id == "1042"
    with pytest.raises(RejectedDelivery):
        WooCommerceReader().read(body, headers, ("new-secret",), NOW)


def test_deleted_event_without_modified_time_is_keyed_on_its_delivery() -> None:
    """Re-sends of one deletion collapse; a later deletion of the same id (after a restore) does not."""
    body = dumps({"id": 55})
    first = WooCommerceReader().read(body, lower(woo_headers(body, topic="order.deleted", delivery="x1")), ("woo-webhook-secret-1",), NOW)
    later = WooCommerceReader().read(body, lower(woo_headers(body, topic="order.deleted", delivery="x2")), ("woo-webhook-secret-1",), NOW)
    assert (first.resource, first.resource_id) == ("order", "55")
    assert first.modified == "delivery:x1" and later.modified == "delivery:x2"


def test_action_topic_uses_arg_as_record_id() -> None:
    body = dumps({"action": "woocommerce_order_status_completed", "arg": 77})
    headers = lower(woo_headers(body, topic="action.woocommerce_order_status_completed"))
    headers["x-wc-webhook-resource"] = "action"
    entry = WooCommerceReader().read(body, headers, ("woo-webhook-secret-1",), NOW)
    assert (entry.resource, entry.resource_id) == ("action", "77")


def test_ping_needs_form_content_type_and_exact_body() -> None:
    reader = WooCommerceReader()
    ping = reader.read(b"webhook_id=12", {"content-type": "application/x-www-form-urlencoded"}, ("k",), NOW)
    assert ping == Ping(webhook_id="12")
    with pytest.raises(RejectedDelivery):
        reader.read(b"webhook_id=abc", {"content-type": "application/x-www-form-urlencoded"}, ("k",), NOW)


def test_signed_body_without_topic_header_is_malformed() -> None:
    body = dumps(woo_order())
    headers = lower(woo_headers(body))
    del headers["x-wc-webhook-topic"]
    with pytest.raises(MalformedDelivery) as refused:
        WooCommerceReader().read(body, headers, ("woo-webhook-secret-1",), NOW)
    assert refused.value.verified, "the signature held: the delivery came from the store and is kept as rejected"
