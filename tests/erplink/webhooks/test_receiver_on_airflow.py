"""The receiver as mounted on the Airflow API server: requests go through ``airflow.api_fastapi.app.create_app()``."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import datetime, timezone

import pytest
from fastapi.testclient import TestClient

from erplink.ledger import Ledger
from erplink.webhooks.settings import ReceiverSettings
from tests.erplink.webhooks.support import (
    RecordingWaker,
    build_receiver,
    connection_env,
    dumps,
    woo_headers,
    woo_order,
    woo_signature,
)

URL = "/erplink/webhooks/woocommerce/shop1"


@pytest.fixture(scope="module")
def airflow_client() -> Iterator[TestClient]:
    from airflow.api_fastapi.app import create_app

    yield TestClient(create_app())


@pytest.fixture
def plugin_app():
    """The very app object the plugin entry point hands to Airflow."""
    from erplink.webhooks.plugin import ErplinkWebhooksPlugin

    app = ErplinkWebhooksPlugin.fastapi_apps[0]["app"]
    original = app.state.receiver
    yield app
    app.state.receiver = original


@pytest.fixture
def waker() -> RecordingWaker:
    return RecordingWaker()


@pytest.fixture
def wired(plugin_app, ledger: Ledger, waker: RecordingWaker) -> Ledger:
    plugin_app.state.receiver = build_receiver(ledger, waker=waker, settings=ReceiverSettings(max_body_bytes=64 * 1024))
    return ledger


def test_airflow_mounts_the_plugin_app_under_erplink(airflow_client, plugin_app) -> None:
    """Airflow found the plugin through its entry point and mounted exactly the plugin's app at /erplink."""
    from starlette.routing import Mount

    mounts = [r for r in airflow_client.app.routes if isinstance(r, Mount) and r.path == "/erplink"]
    assert [m.app for m in mounts] == [plugin_app]


def test_valid_delivery_is_stored_acknowledged_and_wakes_the_tenant(airflow_client, wired: Ledger, waker) -> None:
    body = dumps(woo_order())
    response = airflow_client.post(URL, content=body, headers=woo_headers(body))
    assert response.status_code == 200, response.text
    assert response.json() == {"status": "accepted"}
    (event,) = wired.inbox_pending(system="woocommerce", tenant="shop1")
    assert (event.resource, event.resource_id, event.modified) == ("order", "1042", "2026-03-01T10:00:00")
    assert event.payload["id"] == 1042
    assert waker.calls == [("woocommerce", "shop1")]


def test_each_delivery_logs_one_line_with_tenant_topic_resource_verdict_and_latency(airflow_client, wired,
                                                                                    caplog) -> None:
    body = dumps(woo_order())
    with caplog.at_level(logging.INFO, logger="erplink.webhooks.delivery"):
        assert airflow_client.post(URL, content=body, headers=woo_headers(body)).status_code == 200
    (record,) = [r for r in caplog.records if r.name == "erplink.webhooks.delivery"]
    fields = record.erplink_webhook
    assert {k: fields[k] for k in ("system", "tenant", "topic", "resource_id", "verdict", "status")} == {
        "system": "woocommerce", "tenant": "shop1", "topic": "order.created", "resource_id": "1042",
        "verdict": "accepted", "status": 200}
    assert isinstance(fields["latency_ms"], float) and fields["latency_ms"] >= 0
    line = record.getMessage()
    assert "tenant=shop1" in line and "resource_id=1042" in line and "latency_ms=" in line
    assert "billing" not in line and "@" not in line, "the line carries identifiers, never the order's content"


@pytest.mark.parametrize(
    "mangle",
    [
        pytest.param(lambda h, b: h.pop("X-WC-Webhook-Signature"), id="missing"),
        pytest.param(lambda h, b: h.update({"X-WC-Webhook-Signature": woo_signature(b, "wrong-secret")}), id="wrong-secret"),
        pytest.param(lambda h, b: h.update({"X-WC-Webhook-Signature": h["X-WC-Webhook-Signature"][:-6]}), id="truncated"),
        pytest.param(lambda h, b: h.update({"X-WC-Webhook-Signature": ""}), id="empty"),
    ],
)
def test_missing_bad_or_truncated_signature_is_rejected_401_and_not_stored(airflow_client, wired, waker, mangle, caplog) -> None:
    body = dumps(woo_order())
    headers = woo_headers(body)
    mangle(headers, body)
    with caplog.at_level(logging.INFO, logger="erplink.webhooks.delivery"):
        response = airflow_client.post(URL, content=body, headers=headers)
    assert response.status_code == 401
    assert wired.inbox_pending(system="woocommerce", tenant="shop1") == []
    assert waker.calls == []
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "verdict=rejected" in logged
    assert "jane.doe@example.com" not in logged  # the attempt is recorded without the body's personal data


def test_body_signed_then_altered_is_rejected(airflow_client, wired) -> None:
    """The signature covers the raw bytes: a re-serialised or edited body no longer verifies."""
    body = dumps(woo_order())
    headers = woo_headers(body)
    altered = body.replace(b'"processing"', b'"completed"')
    assert airflow_client.post(URL, content=altered, headers=headers).status_code == 401


def test_signature_is_checked_over_the_raw_body_not_reserialised_json(airflow_client, wired) -> None:
    """Whitespace and key order as the store sent them must verify (a re-serialising receiver would fail this)."""
    body = b'{ "status":"processing",  "id": 1042, "date_modified_gmt": "2026-03-01T10:00:00" }'
    assert airflow_client.post(URL, content=body, headers=woo_headers(body)).status_code == 200


def test_creation_ping_is_answered_200_recorded_and_nothing_is_stored(airflow_client, plugin_app, wired, waker) -> None:
    response = airflow_client.post(
        URL, content=b"webhook_id=7", headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert response.status_code == 200
    assert wired.inbox_pending(system="woocommerce", tenant="shop1") == []
    assert waker.calls == []
    assert plugin_app.state.receiver.counters.snapshot()["woocommerce/shop1"] == {"ping": 1}


def test_unsigned_json_posing_as_ping_is_rejected(airflow_client, wired) -> None:
    """Only the exact form body ``webhook_id=N`` is accepted unsigned."""
    body = dumps(woo_order())
    rejected = [
        airflow_client.post(URL, content=body, headers={"Content-Type": "application/x-www-form-urlencoded"}),
        airflow_client.post(URL, content=b"webhook_id=7&id=1", headers={"Content-Type": "application/x-www-form-urlencoded"}),
        airflow_client.post(URL, content=b"webhook_id=7", headers={"Content-Type": "application/json"}),
    ]
    assert [r.status_code for r in rejected] == [401, 401, 401]


def test_replayed_delivery_is_acknowledged_but_stored_once(airflow_client, wired, waker) -> None:
    body = dumps(woo_order())
    first = airflow_client.post(URL, content=body, headers=woo_headers(body))
    again = airflow_client.post(URL, content=body, headers=woo_headers(body))
    assert (first.json(), again.json()) == ({"status": "accepted"}, {"status": "duplicate"})
    assert again.status_code == 200
    assert len(wired.inbox_pending(system="woocommerce", tenant="shop1")) == 1
    assert len(waker.calls) == 1  # a duplicate has nothing new to drain


def test_created_and_updated_for_one_new_order_are_stored_once(airflow_client, wired) -> None:
    """A new order fires order.created and order.updated with different delivery ids and one modification time."""
    body = dumps(woo_order())
    created = airflow_client.post(URL, content=body, headers=woo_headers(body, topic="order.created", delivery="a1"))
    updated = airflow_client.post(URL, content=body, headers=woo_headers(body, topic="order.updated", delivery="b2"))
    assert (created.json()["status"], updated.json()["status"]) == ("accepted", "duplicate")
    assert len(wired.inbox_pending(system="woocommerce", tenant="shop1")) == 1


def test_a_later_change_of_the_same_order_is_stored_again(airflow_client, wired) -> None:
    first = dumps(woo_order(modified="2026-03-01T10:00:00"))
    later = dumps(woo_order(modified="2026-03-01T10:05:00", status="completed"))
    airflow_client.post(URL, content=first, headers=woo_headers(first))
    response = airflow_client.post(URL, content=later, headers=woo_headers(later, topic="order.updated"))
    assert response.json() == {"status": "accepted"}
    assert len(wired.inbox_pending(system="woocommerce", tenant="shop1")) == 2


@pytest.mark.parametrize(
    "body",
    [b"{not json", b"[1, 2, 3]", b'{"status": "processing"}', b"\xff\xfe"],
    ids=["not-json", "not-an-object", "no-id", "not-utf8"],
)
def test_correctly_signed_but_malformed_body_is_400_and_not_queued(airflow_client, wired, body, caplog) -> None:
    with caplog.at_level(logging.INFO, logger="erplink.webhooks.delivery"):
        response = airflow_client.post(URL, content=body, headers=woo_headers(body))
    assert response.status_code == 400
    assert wired.inbox_pending(system="woocommerce", tenant="shop1") == []
    assert any("verdict=malformed" in r.getMessage() for r in caplog.records)


def test_body_over_the_cap_is_413(airflow_client, wired) -> None:
    body = dumps(woo_order(note="x" * (64 * 1024)))
    response = airflow_client.post(URL, content=body, headers=woo_headers(body))
    assert response.status_code == 413
    assert wired.inbox_pending(system="woocommerce", tenant="shop1") == []


def test_unknown_tenant_is_404_like_an_unknown_route(airflow_client, wired) -> None:
    body = dumps(woo_order())
    unknown = airflow_client.post("/erplink/webhooks/woocommerce/nobody", content=body, headers=woo_headers(body))
    no_such_system = airflow_client.post("/erplink/webhooks/shopify/shop1", content=body, headers=woo_headers(body))
    assert [r.status_code for r in (unknown, no_such_system)] == [404, 404]
    assert unknown.json() == no_such_system.json() == {"detail": "Not Found"}


@pytest.mark.parametrize("system, tenant, conn_id, extra", [
    ("bigcommerce", "bcshop", "erplink_bc_test", {"client_secret": "bc-app-client-secret"}),
    ("adobe_commerce", "adobe1", "erplink_adobe_test", {"webhook_public_key": "-----BEGIN PUBLIC KEY-----"}),
])
def test_a_store_system_no_integration_drains_is_404_with_the_reason_and_nothing_stored(
    airflow_client, plugin_app, wired, waker, monkeypatch, caplog, system, tenant, conn_id, extra
) -> None:
    """A reader exists for the system and the tenant resolves, but no installed integration drains its deliveries (a
    package trimmed to WooCommerce here), so an event stored for it would stay pending forever: the store is told
    (even for a correctly signed delivery), and the operator reads why in the delivery log."""
    from standardwebhooks import Webhook

    monkeypatch.setattr(plugin_app.state.receiver, "consumed_systems", frozenset({"woocommerce"}))
    monkeypatch.setenv(*connection_env(conn_id, extra))
    body = b'{"scope": "store/order/created", "data": {"type": "order", "id": 250}, "hash": "h1"}'
    at = datetime.now(timezone.utc)
    headers = {"webhook-id": "msg_1", "webhook-timestamp": str(int(at.timestamp())),
               "webhook-signature": Webhook(b"bc-app-client-secret").sign("msg_1", at, body.decode())}
    with caplog.at_level(logging.INFO, logger="erplink.webhooks.delivery"):
        response = airflow_client.post(f"/erplink/webhooks/{system}/{tenant}", content=body, headers=headers)
    reason = f"no integration consumes {system} deliveries"
    assert response.status_code == 404
    assert response.json() == {"detail": reason}
    assert wired.inbox_pending(system=system, tenant=tenant) == []
    assert waker.calls == []
    (line,) = [r.getMessage() for r in caplog.records if r.name == "erplink.webhooks.delivery"]
    assert "verdict=not_consumed" in line and "status=404" in line and f"reason={json.dumps(reason)}" in line
    assert plugin_app.state.receiver.counters.snapshot() == {f"{system}/(unknown)": {"not_consumed": 1}}


def test_wake_failure_does_not_fail_the_delivery(airflow_client, wired, waker, caplog) -> None:
    waker.fail_with = ConnectionError("api server down")
    body = dumps(woo_order())
    with caplog.at_level(logging.WARNING, logger="erplink.webhooks.wake"):
        response = airflow_client.post(URL, content=body, headers=woo_headers(body))
    assert response.status_code == 200
    assert len(wired.inbox_pending(system="woocommerce", tenant="shop1")) == 1
    assert any("wake failed" in r.getMessage() for r in caplog.records)


def test_inbox_failure_answers_500_so_the_store_retries(airflow_client, plugin_app, sqlite_ledger, waker) -> None:
    """No 2xx before the commit: when the inbox cannot store, the store is told to try again."""
    sqlite_ledger.engine.dispose()
    receiver = build_receiver(sqlite_ledger, waker=waker)

    class BrokenInbox:
        def inbox_put(self, **_: object) -> bool:
            raise OSError("disk full")

    receiver.inbox = BrokenInbox()
    plugin_app.state.receiver = receiver
    body = dumps(woo_order())
    response = airflow_client.post(URL, content=body, headers=woo_headers(body))
    assert response.status_code == 500
    assert waker.calls == []
