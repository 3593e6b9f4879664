"""Every kind of answer the sandbox serves, checked against BigCommerce's own OpenAPI documents: the status is one
the document declares for the operation, the body fits the declared schema and carries no member it lacks."""

from __future__ import annotations

import requests
from sandbox import Sandbox
from sandbox.bigcommerce import create_sandbox
from sandbox.seed import World

from tests.sandbox.bigcommerce.conftest import FakeClock, store_url
from tests.sandbox.bigcommerce.openapi_contract import check_response, undeclared, validation_errors
from tests.sandbox.bigcommerce.world_edits import with_ad_hoc_discounts
from tests.support.asgi_session import asgi_session

ORDERS_V2 = "orders.v2.oas2.yml"
ORDERS_V3 = "orders.v3.yml"
PRODUCTS = "products_catalog.v3.yml"
VARIANTS = "product-variants_catalog.v3.yml"
INVENTORY = "inventory.v3.yml"
WEBHOOKS = "webhooks.v3.yml"


def _order_with_coupon(sandbox: Sandbox) -> int:
    return int(next(record.order_id for record in sandbox.state.records.orders.values() if record.coupons))


def test_v2_order_list_page_and_one_order_fit_order_resp(api: requests.Session, bigcommerce: Sandbox) -> None:
    listed = api.get(store_url(bigcommerce, "v2/orders"), params={"limit": 250})
    check_response(listed, ORDERS_V2, "/orders")
    one = api.get(store_url(bigcommerce, f"v2/orders/{listed.json()[0]['id']}"))
    check_response(one, ORDERS_V2, "/orders/{order_id}")


def test_v2_order_count_fits_orders_count_full(api: requests.Session, bigcommerce: Sandbox) -> None:
    check_response(api.get(store_url(bigcommerce, "v2/orders/count")), ORDERS_V2, "/orders/count")


def test_v2_order_sub_resources_fit_their_schemas(api: requests.Session, bigcommerce: Sandbox) -> None:
    order_id = _order_with_coupon(bigcommerce)
    for resource in ("products", "shipping_addresses", "coupons"):
        response = api.get(store_url(bigcommerce, f"v2/orders/{order_id}/{resource}"))
        assert response.status_code == 200, resource
        check_response(response, ORDERS_V2, f"/orders/{{order_id}}/{resource}")


def test_v2_orders_with_their_fees_and_the_fees_sub_resource_fit_their_schemas(
    api: requests.Session, bigcommerce: Sandbox
) -> None:
    order_id = next(order_id for order_id, record in bigcommerce.state.records.orders.items() if record.fees)
    listed = api.get(store_url(bigcommerce, "v2/orders"), params={"limit": 250, "include": "fees"})
    check_response(listed, ORDERS_V2, "/orders")
    one = api.get(store_url(bigcommerce, f"v2/orders/{order_id}"), params={"include": "fees"})
    check_response(one, ORDERS_V2, "/orders/{order_id}")
    fees = api.get(store_url(bigcommerce, f"v2/orders/{order_id}/fees"))
    # The document's schema for this answer is one fee, its example `{"fees": [...]}`: each fee is held to it.
    check_response(fees, ORDERS_V2, "/orders/{order_id}/fees", strict=False)
    fee_schema = {"$ref": "#/components/schemas/orderFees_Resp"}
    for fee in [*fees.json()["fees"], *one.json()["fees"]]:
        assert validation_errors(ORDERS_V2, fee, fee_schema) == []
        assert undeclared(ORDERS_V2, fee, fee_schema) == []


def test_v2_products_of_an_order_with_a_manual_discount_fit_their_schema(world: World, clock: FakeClock) -> None:
    sandbox = create_sandbox(with_ad_hoc_discounts(world, 2), clock=clock)
    order_id = next(
        order_id
        for order_id, record in sandbox.state.records.orders.items()
        if record.document["discount_amount"] != "0.0000"
    )
    with asgi_session(sandbox.app) as session:
        session.headers["X-Auth-Token"] = sandbox.state.credentials.access_token
        products = session.get(store_url(sandbox, f"v2/orders/{order_id}/products"))
    check_response(products, ORDERS_V2, "/orders/{order_id}/products")
    assert all(product["applied_discounts"] for product in products.json())


def test_v2_unknown_order_is_the_documented_404_body(api: requests.Session, bigcommerce: Sandbox) -> None:
    response = api.get(store_url(bigcommerce, "v2/orders/987654"))
    assert response.status_code == 404
    check_response(response, ORDERS_V2, "/orders/{order_id}")


def test_v3_products_with_variants_and_batch_put_fit_the_catalog_schemas(
    api: requests.Session, bigcommerce: Sandbox
) -> None:
    listed = api.get(store_url(bigcommerce, "v3/catalog/products"))
    check_response(listed, PRODUCTS, "/catalog/products")
    # The document lists `include=variants` but its product schema has no `variants` member: only the types.
    with_variants = api.get(store_url(bigcommerce, "v3/catalog/products"), params={"include": "variants"})
    check_response(with_variants, PRODUCTS, "/catalog/products", strict=False)
    assert all(product["variants"] for product in with_variants.json()["data"])
    first = listed.json()["data"][0]
    updated = api.put(store_url(bigcommerce, "v3/catalog/products"), json=[{"id": first["id"], "price": 12.5}])
    check_response(updated, PRODUCTS, "/catalog/products", "put")
    too_many = api.put(store_url(bigcommerce, "v3/catalog/products"), json=[{"id": first["id"]}] * 11)
    # The 413 schema (`error_Base`) lacks `errors`, which the document's own 413 example carries: types only.
    check_response(too_many, PRODUCTS, "/catalog/products", "put", strict=False)
    assert too_many.json()["errors"] == {}


def test_v3_variants_by_sku_and_batch_put_fit_the_variant_schemas(api: requests.Session, bigcommerce: Sandbox) -> None:
    sku = next(v["sku"] for v in bigcommerce.state.records.variants.values() if v["sku"])
    listed = api.get(store_url(bigcommerce, "v3/catalog/variants"), params={"sku": sku})
    check_response(listed, VARIANTS, "/catalog/variants")
    variant = listed.json()["data"][0]
    updated = api.put(store_url(bigcommerce, "v3/catalog/variants"), json=[{"id": variant["id"], "price": 9.99}])
    check_response(updated, VARIANTS, "/catalog/variants", "put")


def test_inventory_absolute_adjustment_fits_the_transaction_response(
    api: requests.Session, bigcommerce: Sandbox
) -> None:
    product = next(
        p.document for p in bigcommerce.state.records.products.values() if p.document["inventory_tracking"] == "product"
    )
    response = api.put(
        store_url(bigcommerce, "v3/inventory/adjustments/absolute"),
        json={"reason": "ERP stock", "items": [{"location_id": 1, "product_id": product["id"], "quantity": 7}]},
    )
    check_response(response, INVENTORY, "/inventory/adjustments/absolute", "put")


def test_refund_list_fits_the_refund_collection(api: requests.Session, bigcommerce: Sandbox) -> None:
    listed = api.get(store_url(bigcommerce, "v3/orders/payment_actions/refunds"))
    assert listed.json()["data"]
    check_response(listed, ORDERS_V3, "/orders/payment_actions/refunds")
    order_id = listed.json()["data"][0]["order_id"]
    per_order = api.get(store_url(bigcommerce, f"v3/orders/{order_id}/payment_actions/refunds"))
    check_response(per_order, ORDERS_V3, "/orders/{order_id}/payment_actions/refunds")


def test_order_metafield_create_list_and_update_fit_the_metafield_schemas(
    api: requests.Session, bigcommerce: Sandbox
) -> None:
    order_id = _order_with_coupon(bigcommerce)
    url = store_url(bigcommerce, f"v3/orders/{order_id}/metafields")
    created = api.post(
        url, json={"permission_set": "app_only", "namespace": "erplink", "key": "erp_document", "value": "SO-1042"}
    )
    check_response(created, ORDERS_V3, "/orders/{order_id}/metafields", "post")
    check_response(api.get(url), ORDERS_V3, "/orders/{order_id}/metafields")
    updated = api.put(f"{url}/{created.json()['data']['id']}", json={"value": "SO-1043"})
    check_response(updated, ORDERS_V3, "/orders/{order_id}/metafields/{metafield_id}", "put")


def test_hook_create_list_update_and_refusal_fit_the_webhook_schemas(
    api: requests.Session, bigcommerce: Sandbox
) -> None:
    url = store_url(bigcommerce, "v3/hooks")
    created = api.post(
        url,
        json={
            "scope": "store/order/*",
            "destination": "https://erp.example.com/hooks",
            "is_active": True,
            "headers": {"X-Team": "erp"},
        },
    )
    check_response(created, WEBHOOKS, "/hooks", "post")
    check_response(api.get(url), WEBHOOKS, "/hooks")
    hook_id = created.json()["data"]["id"]
    check_response(api.get(f"{url}/{hook_id}"), WEBHOOKS, "/hooks/{webhook_id}")
    updated = api.put(f"{url}/{hook_id}", json={"is_active": False})
    check_response(updated, WEBHOOKS, "/hooks/{webhook_id}", "put")
    refused = api.post(url, json={"scope": "store/order/*", "destination": "https://erp.example.com:8443/hooks"})
    check_response(refused, WEBHOOKS, "/hooks", "post")


def test_missing_token_is_the_documented_401(anonymous: requests.Session, bigcommerce: Sandbox) -> None:
    response = anonymous.get(store_url(bigcommerce, "v3/hooks"))
    assert response.status_code == 401
    check_response(response, WEBHOOKS, "/hooks")
