"""Admin routes and the store-shaped injected errors."""

from __future__ import annotations

import requests

from tests.sandbox.woocommerce.conftest import API_PATH


def admin(store, method: str, path: str, **kwargs) -> requests.Response:
    return requests.request(method, f"{store.running.http_url}/__admin__{path}", timeout=10, **kwargs)


def test_state_summarises_the_store_without_credentials(store):
    summary = admin(store, "GET", "/state").json()
    assert summary["orders"]["trash"] >= 1
    assert summary["products"] == len(store.state.world.products)
    assert "consumer" not in str(summary)


def test_admin_can_place_modify_and_refund_orders(store):
    product = next(p for p in store.state.world.products if p["type"] == "simple" and p["sku"])
    placed = admin(store, "POST", "/orders", json={"payment_method": "stripe", "set_paid": True,
                                                   "line_items": [{"sku": product["sku"], "quantity": 1}]})
    assert placed.status_code == 201
    order_id = placed.json()["id"]
    assert placed.json()["created_via"] == "checkout"
    assert admin(store, "PUT", f"/orders/{order_id}", json={"status": "completed"}).json()["status"] == "completed"
    refund = admin(store, "POST", f"/orders/{order_id}/refunds", json={"amount": "1.00"})
    assert refund.status_code == 201
    assert store.get(f"/orders/{order_id}").json()["refunds"][0]["id"] == refund.json()["id"]


def test_reset_over_http_restores_the_seed(store):
    product = next(p for p in store.state.world.products if p["type"] == "simple" and p["sku"])
    admin(store, "POST", "/orders", json={"line_items": [{"product_id": product["id"], "quantity": 1}]})
    assert admin(store, "POST", "/reset").status_code == 200
    assert len(store.state.docs.orders) == len(store.state.world.orders)


def test_injected_429_looks_like_a_rate_limited_host(store):
    store.running.faults.set({"status_burst": {"status": 429, "count": 1, "path_prefix": f"{API_PATH}/orders"}})
    response = store.get("/orders")
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "1"
    assert response.json()["data"]["status"] == 429
    assert store.get("/orders").status_code == 200


def test_injected_500_is_wordpress_critical_error_json_and_502_is_a_proxy_page(store):
    store.running.faults.set({"status_burst": [{"status": 500, "count": 1}, {"status": 502, "count": 1}]})
    first = store.get("/orders")
    assert first.json()["code"] == "internal_server_error"
    second = store.get("/orders")
    assert second.status_code == 502 and second.headers["content-type"].startswith("text/html")


def test_the_index_needs_no_authentication_and_lists_routes(store):
    index = requests.get(f"{store.running.http_url}{API_PATH}", timeout=10).json()
    assert index["namespace"] == "wc/v3"
    assert "POST" in index["routes"]["/wp-json/wc/v3/orders/{order_id}/refunds"]["methods"]
