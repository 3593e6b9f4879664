"""Products, variations and batches (API-FACTS section 1, "Batch"; specs/woocommerce/source/includes/wp-api-v3/
_products.md and _product-variations.md)."""

from __future__ import annotations

import pytest


def a_variable_product(store):
    return next(p for p in store.state.world.products if p["type"] == "variable")


def test_official_client_creates_a_product_with_201_and_location(store):
    response = store.https_api().post("products", {"name": "Créme Tee", "sku": "NEW-TEE", "regular_price": "19.90"})
    assert response.status_code == 201
    product = response.json()
    assert response.headers["Location"].endswith(f"/products/{product['id']}")
    assert (product["price"], product["regular_price"], product["sale_price"]) == ("19.90", "19.90", "")


def test_sale_price_becomes_the_price(store):
    product = store.request("POST", "/products", json={"name": "A", "regular_price": "10.00",
                                                       "sale_price": "8.00"}).json()
    assert (product["price"], product["on_sale"]) == ("8.00", True)


def test_prices_must_be_strings(store):
    response = store.request("POST", "/products", json={"name": "A", "regular_price": 10})
    assert (response.status_code, response.json()["code"]) == (400, "rest_invalid_param")


def test_stock_status_follows_the_quantity_when_stock_is_managed(store):
    product = next(p for p in store.state.world.products if p["type"] == "simple" and p["manage_stock"])
    out = store.request("PUT", f"/products/{product['id']}", json={"stock_quantity": 0}).json()
    assert (out["stock_quantity"], out["stock_status"]) == (0, "outofstock")
    back = store.request("PUT", f"/products/{product['id']}", json={"stock_quantity": 4}).json()
    assert (back["stock_quantity"], back["stock_status"]) == (4, "instock")


def test_unmanaged_stock_has_no_quantity(store):
    product = store.request("POST", "/products", json={"name": "Svc", "manage_stock": False,
                                                       "stock_quantity": 5}).json()
    assert product["stock_quantity"] is None and product["stock_status"] == "instock"


def test_duplicate_sku_is_refused_across_products_and_variations(store):
    variation_sku = next(iter(store.state.world.variations.values()))[0]["sku"]
    for sku in (variation_sku, variation_sku.lower()):
        response = store.request("POST", "/products", json={"name": "Dup", "sku": sku})
        assert response.status_code == 400
        assert response.json()["code"] == "product_invalid_sku"
        assert response.json()["message"] == "Invalid or duplicated SKU."


def test_sku_filter_takes_a_comma_list_and_finds_variations_too(store):
    simple = next(p for p in store.state.world.products if p["type"] == "simple" and p["sku"])
    variation = next(iter(store.state.world.variations.values()))[0]
    found = store.get("/products", params={"sku": f"{simple['sku']},{variation['sku']}"}).json()
    by_sku = {p["sku"]: p for p in found}
    assert set(by_sku) == {simple["sku"], variation["sku"]}
    assert by_sku[variation["sku"]]["type"] == "variation"
    assert by_sku[variation["sku"]]["parent_id"] == store.state.docs.variation_parent[variation["id"]]


def test_variations_list_and_update_keep_the_parent_in_sync(store):
    parent = a_variable_product(store)
    variations = store.get(f"/products/{parent['id']}/variations", params={"per_page": 100}).json()
    assert {v["id"] for v in variations} == set(parent["variations"])
    cheapest = store.request("PUT", f"/products/{parent['id']}/variations/{variations[0]['id']}",
                             json={"regular_price": "0.50"}).json()
    assert cheapest["price"] == "0.50"
    assert store.get(f"/products/{parent['id']}").json()["price"] == "0.50"


def test_unknown_product_is_404_on_get_and_400_on_update(store):
    assert store.get("/products/999999").json()["code"] == "woocommerce_rest_product_invalid_id"
    assert store.get("/products/999999").status_code == 404
    assert store.request("PUT", "/products/999999", json={"name": "x"}).status_code == 400


def test_batch_of_more_than_100_items_is_413(store):
    body = {"create": [{"name": f"P{i}"} for i in range(60)], "update": [{"id": 1, "name": "x"}] * 30,
            "delete": list(range(11))}
    response = store.request("POST", "/products/batch", json=body)
    assert response.status_code == 413
    assert response.json()["code"] == "woocommerce_rest_request_entity_too_large"


def test_batch_of_exactly_100_is_accepted(store):
    response = store.request("POST", "/products/batch", json={"create": [{"name": f"P{i}"} for i in range(100)]})
    assert response.status_code == 200
    assert len(response.json()["create"]) == 100


def test_batch_reports_per_item_errors_inside_a_200(store):
    existing = next(p for p in store.state.world.products if p["sku"])
    response = store.https_api().post("products/batch", {
        "create": [{"name": "Fine", "sku": "BATCH-OK"}, {"name": "Dup", "sku": existing["sku"]}],
        "update": [{"id": 999999, "regular_price": "1.00"}, {"id": existing["id"], "regular_price": "1.00"}],
        "delete": [999998]})
    assert response.status_code == 200
    result = response.json()
    assert result["create"][0]["sku"] == "BATCH-OK"
    assert result["create"][1]["error"]["code"] == "product_invalid_sku"
    assert result["update"][0] == {"id": 999999, "error": {"code": "woocommerce_rest_product_invalid_id",
                                                            "message": "Invalid ID.", "data": {"status": 400}}}
    assert result["update"][1]["regular_price"] == "1.00"
    assert result["delete"][0]["error"]["data"]["status"] == 404


def test_variation_batch_updates_stock(store):
    parent = a_variable_product(store)
    updates = [{"id": vid, "manage_stock": True, "stock_quantity": 7} for vid in parent["variations"]]
    response = store.request("POST", f"/products/{parent['id']}/variations/batch", json={"update": updates})
    assert response.status_code == 200
    assert {v["stock_quantity"] for v in response.json()["update"]} == {7}


@pytest.mark.parametrize("method", ["PUT", "PATCH", "POST"])
def test_updates_accept_every_editable_method(store, method):
    product = next(p for p in store.state.world.products if p["type"] == "simple")
    assert store.request(method, f"/products/{product['id']}", json={"name": "Renamed"}).json()["name"] == "Renamed"
