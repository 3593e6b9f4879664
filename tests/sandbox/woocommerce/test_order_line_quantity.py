"""Order line quantities are integers (specs/woocommerce/source/includes/wp-api-v3/_index.md: `line_items`
`quantity` has `"type": "integer"`): WordPress refuses anything else with 400 `rest_invalid_param` before
WooCommerce sees the request, on create and on update alike."""

from __future__ import annotations

import pytest


def _line(store, quantity):
    product = next(p for p in store.state.docs.products.values()
                   if p["type"] == "simple" and p["status"] == "publish" and p["sku"])
    return {"product_id": product["id"], "quantity": quantity}


@pytest.mark.parametrize("quantity", [1.5, "1.5", "two", True, None, [1]])
def test_a_non_integer_quantity_is_refused_on_create(store, quantity):
    response = store.request("POST", "/orders", json={"line_items": [_line(store, 1), _line(store, quantity)]})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "rest_invalid_param"
    assert body["data"]["params"] == {"line_items": "line_items[1][quantity] is not of type integer."}


def test_a_non_integer_quantity_is_refused_on_update(store):
    order = next(o for o in store.state.world.orders if o["status"] == "processing")
    response = store.request("PUT", f"/orders/{order['id']}", json={"line_items": [_line(store, 0.25)]})
    assert (response.status_code, response.json()["code"]) == (400, "rest_invalid_param")


@pytest.mark.parametrize("quantity", [2, 2.0, "2"])
def test_whole_numbers_are_taken_as_numbers_or_numeric_text(store, quantity):
    response = store.request("POST", "/orders", json={"line_items": [_line(store, quantity)]})
    assert response.status_code == 201
    assert response.json()["line_items"][0]["quantity"] == 2
