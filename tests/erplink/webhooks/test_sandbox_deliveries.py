"""Real signed deliveries from the WooCommerce sandbox reach the uvicorn-served receiver and land in the inbox."""

from __future__ import annotations

import json

from erplink.ledger import Ledger
from erplink.webhooks.app import create_standalone_app
from sandbox import runner
from tests.erplink.webhooks.servers import serve
from tests.erplink.webhooks.support import WOO_CONN, RecordingWaker, build_receiver, connection_env

SECRET = "sandbox-webhook-secret-&-more"


def test_sandbox_order_events_are_received_verified_and_stored_once(monkeypatch, ledger: Ledger) -> None:
    name, value = connection_env(WOO_CONN, {"webhook_secret": SECRET})
    monkeypatch.setenv(name, value)
    waker = RecordingWaker()
    with serve(create_standalone_app(build_receiver(ledger, waker=waker))) as base_url, runner.start_sandboxes(
        ["woocommerce"], orders=10, skus=10
    ) as sandboxes:
        store = sandboxes.woocommerce.state
        url = f"{base_url}/erplink/webhooks/woocommerce/shop1"
        for topic in ("order.created", "order.updated"):
            store.webhooks.create({"topic": topic, "delivery_url": url, "secret": SECRET})
        order = store.create_order({"status": "processing"})
        store.update_order(order["id"], {"status": "completed"})
        assert store.webhooks.wait_idle(timeout=30)
        deliveries = store.deliveries()

    assert [d.kind for d in deliveries].count("ping") == 2
    assert all(d.status_code == 200 for d in deliveries), [(d.kind, d.topic, d.status_code) for d in deliveries]
    sent = {
        (str(json.loads(d.body)["id"]), json.loads(d.body)["date_modified_gmt"]) for d in deliveries if d.kind == "delivery"
    }
    stored = [(e.resource_id, e.modified) for e in ledger.inbox_pending(system="woocommerce", tenant="shop1")]
    assert len([d for d in deliveries if d.kind == "delivery"]) >= 2
    assert sorted(stored) == sorted(sent)  # every distinct record version once, however many deliveries carried it
    assert waker.calls and set(waker.calls) == {("woocommerce", "shop1")}
