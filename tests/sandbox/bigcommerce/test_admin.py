"""The admin routes: a request log without credentials, merchant edits, runtime options and a reset."""

from __future__ import annotations

import requests
from fastapi.testclient import TestClient
from sandbox import Sandbox

from tests.sandbox.bigcommerce.conftest import store_url


def test_request_log_records_method_path_query_and_status_but_never_the_token(
    api: requests.Session, bigcommerce: Sandbox, admin: TestClient
) -> None:
    api.get(store_url(bigcommerce, "v2/orders"), params={"limit": 3})
    api.get(store_url(bigcommerce, "v2/orders/987654"))
    log = admin.get("/requests").json()
    assert [(entry["method"], entry["status"]) for entry in log] == [("GET", 200), ("GET", 404)]
    assert log[0]["query"] == {"limit": "3"}
    assert bigcommerce.state.credentials.access_token not in str(log)


def test_touch_moves_date_modified_and_can_change_the_status(
    api: requests.Session, bigcommerce: Sandbox, admin: TestClient
) -> None:
    order_id = next(iter(bigcommerce.state.records.orders))
    before = api.get(store_url(bigcommerce, f"v2/orders/{order_id}")).json()
    assert admin.post(f"/orders/{order_id}/touch", json={"status_id": 2}).status_code == 200
    after = api.get(store_url(bigcommerce, f"v2/orders/{order_id}")).json()
    assert after["date_modified"] != before["date_modified"]
    assert (after["status_id"], after["status"]) == (2, "Shipped")


def test_options_change_at_runtime_and_refuse_unknown_names(bigcommerce: Sandbox, admin: TestClient) -> None:
    assert admin.patch("/options", json={"quota_per_window": 7}).json()["quota_per_window"] == 7
    assert bigcommerce.state.quota.quota == 7
    assert admin.patch("/options", json={"store_hash": "other"}).status_code == 400


def test_reset_restores_the_seeded_store(api: requests.Session, bigcommerce: Sandbox, admin: TestClient) -> None:
    product_id = next(iter(bigcommerce.state.records.products))
    seeded = bigcommerce.state.records.products[product_id].document["price"]
    api.put(store_url(bigcommerce, "v3/catalog/products"), json=[{"id": product_id, "price": seeded + 1}])
    admin.post("/reset")
    assert bigcommerce.state.records.products[product_id].document["price"] == seeded
    assert admin.get("/requests").json() == []


def test_fire_without_its_fields_is_400(admin: TestClient) -> None:
    assert admin.post("/events", json={"scope": "store/order/created"}).status_code == 400
