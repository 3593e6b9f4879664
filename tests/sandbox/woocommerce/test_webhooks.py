"""Webhook deliveries (API-FACTS section 1, "Webhooks"; specs/woocommerce/source/includes/wp-api-v3/_webhooks.md):
a real HTTP receiver gets what a store would send."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass, field

import pytest
from fastapi import FastAPI, Request
from fastapi.responses import Response

from sandbox.server import serve

SECRET = "s3cr3t-for-tests"


@dataclass
class Receiver:
    url: str
    received: list[dict] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)  # answered in turn, then 200


@pytest.fixture(scope="module")
def receiver_server():
    receiver = Receiver("")
    app = FastAPI()

    @app.post("/hook")
    async def hook(request: Request) -> Response:
        receiver.received.append({"headers": dict(request.headers), "body": await request.body()})
        status = receiver.statuses.pop(0) if receiver.statuses else 200
        return Response(status_code=status, headers={"Location": "/elsewhere"} if 300 <= status < 400 else None)

    served = serve(app)
    receiver.url = f"{served.base_url}/hook"
    yield receiver
    served.stop()


@pytest.fixture
def receiver(receiver_server):
    receiver_server.received.clear()
    receiver_server.statuses.clear()
    return receiver_server


def subscribe(store, receiver, topic, **extra):
    response = store.request("POST", "/webhooks", json={"name": topic, "topic": topic,
                                                        "delivery_url": receiver.url, "secret": SECRET, **extra})
    assert response.status_code == 201, response.text
    store.state.webhooks.wait_idle()
    return response.json()


def deliveries(receiver):
    return [r for r in receiver.received if "x-wc-webhook-topic" in r["headers"]]


def a_paid_order(store):
    return next(o for o in store.state.world.orders if o["status"] == "completed" and o["payment_method"] == "stripe"
                and not o["refunds"])


def test_activation_sends_an_unsigned_form_ping(store, receiver):
    webhook = subscribe(store, receiver, "order.updated")
    ping = receiver.received[0]
    assert ping["body"] == f"webhook_id={webhook['id']}".encode()
    assert ping["headers"]["content-type"] == "application/x-www-form-urlencoded"
    assert not any(name.startswith("x-wc-webhook") for name in ping["headers"])


def test_a_paused_webhook_gets_no_ping_and_no_deliveries(store, receiver):
    subscribe(store, receiver, "order.updated", status="paused")
    store.state.update_order(a_paid_order(store)["id"], {"customer_note": "hi"})
    store.state.webhooks.wait_idle()
    assert receiver.received == []


def test_a_new_order_fires_created_and_updated_with_signed_json(store, receiver):
    subscribe(store, receiver, "order.created")
    subscribe(store, receiver, "order.updated")
    product = next(p for p in store.state.world.products if p["type"] == "simple")
    order = store.state.create_order({"line_items": [{"product_id": product["id"], "quantity": 1}]})
    assert store.state.webhooks.wait_idle()
    got = deliveries(receiver)
    assert sorted(d["headers"]["x-wc-webhook-topic"] for d in got) == ["order.created", "order.updated"]
    for delivery in got:
        headers, body = delivery["headers"], delivery["body"]
        expected = base64.b64encode(hmac.new(SECRET.encode(), body, hashlib.sha256).digest()).decode()
        assert headers["x-wc-webhook-signature"] == expected
        assert headers["x-wc-webhook-resource"] == "order"
        assert headers["x-wc-webhook-event"] == headers["x-wc-webhook-topic"].split(".")[1]
        assert headers["x-wc-webhook-source"] == f"{store.state.site_url}/"
        assert headers["x-wc-webhook-delivery-id"] and headers["x-wc-webhook-id"].isdigit()
        assert headers["content-type"] == "application/json"
        assert json.loads(body)["id"] == order["id"]
        assert body == store.state.orders.json(order["id"]), "the payload is what GET /orders/<id> returns"


def test_a_refund_fires_order_updated(store, receiver):
    subscribe(store, receiver, "order.updated")
    order = a_paid_order(store)
    store.state.create_refund(order["id"], {"amount": "1.00"})
    store.state.webhooks.wait_idle()
    payload = json.loads(deliveries(receiver)[0]["body"])
    assert payload["id"] == order["id"] and payload["refunds"][0]["total"] == "-1.00"


def test_a_deleted_order_sends_only_its_id(store, receiver):
    subscribe(store, receiver, "order.deleted")
    order = a_paid_order(store)
    store.request("DELETE", f"/orders/{order['id']}", params={"force": "true"})
    store.state.webhooks.wait_idle()
    assert json.loads(deliveries(receiver)[0]["body"]) == {"id": order["id"]}


def test_seventh_consecutive_failure_disables_the_webhook(store, receiver):
    webhook = subscribe(store, receiver, "order.updated")
    receiver.statuses.extend([500] * 7)
    order_id = a_paid_order(store)["id"]
    for attempt in range(1, 8):
        store.state.update_order(order_id, {"customer_note": f"attempt {attempt}"})
        store.state.webhooks.wait_idle()
        status = store.get(f"/webhooks/{webhook['id']}").json()["status"]
        assert status == ("disabled" if attempt == 7 else "active"), attempt
    store.state.update_order(order_id, {"customer_note": "ignored"})
    store.state.webhooks.wait_idle()
    assert len(deliveries(receiver)) == 7, "a disabled webhook delivers nothing"


def test_a_success_resets_the_failure_count_and_302_counts_as_success(store, receiver):
    webhook = subscribe(store, receiver, "order.updated")
    receiver.statuses.extend([500] * 6 + [302] + [500] * 6)
    order_id = a_paid_order(store)["id"]
    for attempt in range(13):
        store.state.update_order(order_id, {"customer_note": f"n{attempt}"})
        store.state.webhooks.wait_idle()
    assert store.state.webhooks.failure_count(webhook["id"]) == 6
    assert store.get(f"/webhooks/{webhook['id']}").json()["status"] == "active"
    assert len(deliveries(receiver)) == 13, "the 302 redirect was not followed"


def test_webhook_crud_errors(store, receiver):
    """The codes are built from the controller's post type, `shop_webhook` (WC_REST_Webhooks_V1_Controller)."""
    bad_topic = store.request("POST", "/webhooks", json={"topic": "order.shipped", "delivery_url": receiver.url})
    assert (bad_topic.status_code, bad_topic.json()["code"]) == (400, "woocommerce_rest_shop_webhook_invalid_topic")
    bad_url = store.request("POST", "/webhooks", json={"topic": "order.created", "delivery_url": "ftp://x"})
    assert bad_url.json()["code"] == "woocommerce_rest_shop_webhook_invalid_delivery_url"
    webhook = subscribe(store, receiver, "product.updated")
    assert "secret" not in webhook, "the secret is never echoed back"
    assert store.request("DELETE", f"/webhooks/{webhook['id']}").status_code == 501
    assert store.request("DELETE", f"/webhooks/{webhook['id']}", params={"force": "true"}).status_code == 200
    assert store.get(f"/webhooks/{webhook['id']}").status_code == 404


def test_reenabling_through_the_api_resumes_deliveries(store, receiver):
    webhook = subscribe(store, receiver, "order.updated")
    receiver.statuses.extend([500] * 7)
    order_id = a_paid_order(store)["id"]
    for attempt in range(7):
        store.state.update_order(order_id, {"customer_note": str(attempt)})
        store.state.webhooks.wait_idle()
    assert store.request("PUT", f"/webhooks/{webhook['id']}", json={"status": "active"}).json()["status"] == "active"
    store.state.update_order(order_id, {"customer_note": "back"})
    store.state.webhooks.wait_idle()
    assert len(deliveries(receiver)) == 8


def test_every_attempt_saves_the_webhook_so_a_disabled_one_carries_the_moment_it_was_disabled(store, receiver):
    webhook = subscribe(store, receiver, "order.updated")
    receiver.statuses.extend([500] * 7)
    order_id = a_paid_order(store)["id"]
    created = store.get(f"/webhooks/{webhook['id']}").json()["date_modified_gmt"]
    moment = [1_900_000_000.0]
    store.state.docs.clock = lambda: moment[0]
    for attempt in range(7):
        moment[0] += 60
        store.state.update_order(order_id, {"customer_note": str(attempt)})
        store.state.webhooks.wait_idle()
    disabled = store.get(f"/webhooks/{webhook['id']}").json()
    assert disabled["status"] == "disabled"
    assert disabled["date_modified_gmt"] != created
    assert disabled["date_modified_gmt"] == store.state.docs.stamp()[1], "stamped by the save that disabled it"


@pytest.mark.parametrize("topic", ["refund.created", "order.shipped", "order", ""])
def test_a_webhook_on_a_topic_the_store_does_not_know_is_refused_with_the_stores_error(store, receiver, topic):
    """Core WooCommerce has no refund topic (a refund fires order.updated): creating one answers 400
    woocommerce_rest_shop_webhook_invalid_topic with the create_item() message, and no webhook is made."""
    response = store.request("POST", "/webhooks", json={"topic": topic, "delivery_url": receiver.url})
    assert response.status_code == 400
    assert response.json() == {"code": "woocommerce_rest_shop_webhook_invalid_topic",
                               "message": "Webhook topic is required and must be valid.", "data": {"status": 400}}
    assert store.get("/webhooks").json() == []


def test_changing_a_webhook_to_an_unknown_topic_is_refused_with_the_update_message(store, receiver):
    webhook = subscribe(store, receiver, "order.updated")
    response = store.request("PUT", f"/webhooks/{webhook['id']}", json={"topic": "refund.created"})
    assert (response.status_code, response.json()["code"], response.json()["message"]) == (
        400, "woocommerce_rest_shop_webhook_invalid_topic", "Webhook topic must be valid.")
    assert store.get(f"/webhooks/{webhook['id']}").json()["topic"] == "order.updated"
