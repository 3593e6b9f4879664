"""Catalog writes in documented batches (products 10, variants 50, more is 413), variants found by SKU, stock set
by absolute adjustment and refused when the item is tracked the other way."""

from __future__ import annotations

from typing import Any

import requests
from sandbox import Sandbox

from tests.sandbox.bigcommerce.conftest import store_url


def _product(sandbox: Sandbox, tracking: str) -> dict[str, Any]:
    return next(
        p.document for p in sandbox.state.records.products.values() if p.document["inventory_tracking"] == tracking
    )


def test_product_batch_of_ten_is_written_and_eleven_is_413(api: requests.Session, bigcommerce: Sandbox) -> None:
    ids = list(bigcommerce.state.records.products)[:10]
    written = api.put(store_url(bigcommerce, "v3/catalog/products"), json=[{"id": i, "price": 20.0} for i in ids])
    assert written.status_code == 200
    assert [p["price"] for p in written.json()["data"]] == [20.0] * 10
    refused = api.put(store_url(bigcommerce, "v3/catalog/products"), json=[{"id": ids[0]}] * 11)
    assert refused.status_code == 413
    assert refused.json()["title"].endswith("is 10.")


def test_product_write_moves_date_modified_to_the_store_clock(api: requests.Session, bigcommerce: Sandbox) -> None:
    product_id = next(iter(bigcommerce.state.records.products))
    api.put(store_url(bigcommerce, "v3/catalog/products"), json=[{"id": product_id, "price": 4.0}])
    since = bigcommerce.state.now().isoformat()
    listed = api.get(store_url(bigcommerce, "v3/catalog/products"), params={"date_modified:min": since}).json()
    assert [p["id"] for p in listed["data"]] == [product_id]


def test_variant_found_by_sku_and_updated_in_a_batch(api: requests.Session, bigcommerce: Sandbox) -> None:
    variant = next(v for v in bigcommerce.state.records.variants.values() if v["sku"])
    found = api.get(store_url(bigcommerce, "v3/catalog/variants"), params={"sku": variant["sku"]}).json()
    assert [v["id"] for v in found["data"]] == [variant["id"]]
    api.put(store_url(bigcommerce, "v3/catalog/variants"), json=[{"id": variant["id"], "price": 7.25}])
    again = api.get(store_url(bigcommerce, "v3/catalog/variants"), params={"sku": variant["sku"]}).json()
    assert again["data"][0]["price"] == 7.25
    refused = api.put(store_url(bigcommerce, "v3/catalog/variants"), json=[{"id": variant["id"]}] * 51)
    assert refused.status_code == 413


def test_v3_pagination_meta_links_walk_the_collection(api: requests.Session, bigcommerce: Sandbox) -> None:
    total = len(bigcommerce.state.records.variants)
    first = api.get(store_url(bigcommerce, "v3/catalog/variants"), params={"limit": 5}).json()["meta"]["pagination"]
    assert first["total"] == total and first["total_pages"] == -(-total // 5)
    assert first["links"]["current"] == "?page=1&limit=5" and first["links"]["next"] == "?page=2&limit=5"
    assert api.get(store_url(bigcommerce, "v3/catalog/variants"), params={"limit": 251}).status_code == 413


def test_absolute_adjustment_sets_stock_by_sku_and_product(api: requests.Session, bigcommerce: Sandbox) -> None:
    by_variant = _product(bigcommerce, "variant")
    variant_id = bigcommerce.state.records.products[by_variant["id"]].variant_ids[0]
    sku = bigcommerce.state.records.variants[variant_id]["sku"]
    by_product = _product(bigcommerce, "product")
    items = [
        {"location_id": 1, "sku": sku, "quantity": 3},
        {"location_id": 1, "product_id": by_product["id"], "quantity": 9},
    ]
    response = api.put(
        store_url(bigcommerce, "v3/inventory/adjustments/absolute"), json={"reason": "ERP", "items": items}
    )
    assert response.status_code == 200 and response.json()["transaction_id"]
    assert bigcommerce.state.records.variants[variant_id]["inventory_level"] == 3
    assert by_product["inventory_level"] == 9


def test_adjusting_a_product_tracked_item_by_variant_is_422(api: requests.Session, bigcommerce: Sandbox) -> None:
    by_product = _product(bigcommerce, "product")
    variant_id = bigcommerce.state.records.products[by_product["id"]].variant_ids[0]
    response = api.put(
        store_url(bigcommerce, "v3/inventory/adjustments/absolute"),
        json={"items": [{"location_id": 1, "variant_id": variant_id, "quantity": 1}]},
    )
    assert response.status_code == 422
    assert "tracked by product" in response.json()["title"]
