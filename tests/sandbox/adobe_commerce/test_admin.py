"""The admin routes: merchant edits that the API then shows, options, reset, the request log (no credentials in
it), and webhook deliveries signed with the store's key, which erplink's own reader verifies."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import requests
from fastapi.testclient import TestClient
from sandbox import Sandbox
from sandbox.adobe_commerce import CONN_ID
from sandbox.adobe_commerce.admin import webhook_delivery

from erplink.systems.adobe_commerce.webhooks import AdobeCommerceReader
from erplink.webhooks.deliveries import InboxEntry, RejectedDelivery
from tests.sandbox.adobe_commerce.conftest import BASE_URL, FakeClock, rest_url


def test_touching_an_order_gives_it_the_store_clocks_updated_at(
    admin: TestClient, api: requests.Session, store: Sandbox, clock: FakeClock
) -> None:
    order_id = next(iter(store.state.records.orders))
    answer = admin.post(f"/orders/{order_id}/touch", json={"status": "holded", "state": "holded"})
    assert answer.status_code == 200
    order = api.get(rest_url(store, f"orders/{order_id}")).json()
    assert order["updated_at"] == store.state.now().strftime("%Y-%m-%d %H:%M:%S")
    assert (order["status"], order["state"]) == ("holded", "holded")


def test_an_added_invoice_and_credit_memo_are_listed_for_their_order(
    admin: TestClient, api: requests.Session, store: Sandbox
) -> None:
    order_id = next(i for i, o in store.state.records.orders.items() if o["state"] == "new")
    invoice = admin.post(f"/orders/{order_id}/invoices").json()
    memo = admin.post(f"/orders/{order_id}/creditmemos", json={"adjustment_negative": 2.5}).json()
    by_order = {
        "searchCriteria[filter_groups][0][filters][0][field]": "order_id",
        "searchCriteria[filter_groups][0][filters][0][value]": str(order_id),
    }
    invoices = api.get(rest_url(store, "invoices"), params=by_order).json()["items"]
    memos = api.get(rest_url(store, "creditmemos"), params=by_order).json()["items"]
    assert [i["entity_id"] for i in invoices] == [invoice["entity_id"]]
    assert [m["entity_id"] for m in memos] == [memo["entity_id"]]
    assert memos[0]["adjustment_negative"] == 2.5
    assert all(item["order_item_id"] for item in memos[0]["items"])
    order = api.get(rest_url(store, f"orders/{order_id}")).json()
    assert order["payment"]["amount_paid"] == order["grand_total"]
    assert order["state"] == "processing"


def test_options_change_at_runtime_and_bad_values_are_refused(admin: TestClient) -> None:
    assert admin.patch("/options", json={"past_last_page": "empty"}).json()["past_last_page"] == "empty"
    assert admin.patch("/options", json={"past_last_page": "sometimes"}).status_code == 400
    assert admin.patch("/options", json={"no_such_option": 1}).status_code == 400


def test_reset_brings_the_seeded_store_back(admin: TestClient, store: Sandbox) -> None:
    order_id = next(iter(store.state.records.orders))
    seeded = store.state.records.orders[order_id]["updated_at"]
    admin.post(f"/orders/{order_id}/touch")
    admin.post("/reset")
    assert store.state.records.orders[order_id]["updated_at"] == seeded


def test_the_request_log_names_the_auth_scheme_and_never_a_credential(
    admin: TestClient, api: requests.Session, store: Sandbox
) -> None:
    api.get(rest_url(store, "orders"), params={"searchCriteria[pageSize]": 1})
    log = admin.get("/requests").json()
    assert [(e["method"], e["path"], e["auth"], e["status"]) for e in log] == [
        ("GET", f"/rest/{store.state.options.store_code}/V1/orders", "oauth", 200)
    ]
    text = str(log)
    credentials = store.state.credentials
    assert credentials.access_token not in text and credentials.consumer_key not in text


def test_a_webhook_delivery_verifies_with_the_demo_connections_public_key(store: Sandbox) -> None:
    order_id = next(iter(store.state.records.orders))
    body, headers = webhook_delivery(store.state, order_id)
    public_key = store.connections(BASE_URL, None)[CONN_ID]["extra"]["webhook_public_key"]
    entry = AdobeCommerceReader().read(body, headers, [public_key], datetime.now(UTC))
    assert isinstance(entry, InboxEntry)
    assert (entry.resource, entry.resource_id) == ("order", str(order_id))
    with pytest.raises(RejectedDelivery):
        AdobeCommerceReader().read(body + b" ", headers, [public_key], datetime.now(UTC))
