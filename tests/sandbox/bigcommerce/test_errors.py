"""Error bodies: v3 `{"status","title","type","errors"}`, v2 `[{"status","message"}]`, the framework's own
failures (unknown route, unreadable JSON) in the same shapes."""

from __future__ import annotations

import requests
from sandbox import Sandbox

from tests.sandbox.bigcommerce.conftest import store_url

STATUS_TYPE = "/api-docs/getting-started/api-status-codes"


def test_v3_invalid_field_is_422_naming_the_field(api: requests.Session, bigcommerce: Sandbox) -> None:
    product_id = next(iter(bigcommerce.state.records.products))
    response = api.put(store_url(bigcommerce, "v3/catalog/products"), json=[{"id": product_id, "price": "cheap"}])
    assert response.status_code == 422
    assert response.json() == {
        "status": 422,
        "title": "JSON data is missing or invalid",
        "type": STATUS_TYPE,
        "errors": {"[0].price": "error.expected.jsnumber"},
    }


def test_v3_unreadable_json_is_422_in_the_v3_shape(api: requests.Session, bigcommerce: Sandbox) -> None:
    response = api.put(
        store_url(bigcommerce, "v3/catalog/products"), data=b"[{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422
    assert set(response.json()) == {"status", "title", "type", "errors"}


def test_v3_unknown_route_and_record_are_404_in_the_v3_shape(api: requests.Session, bigcommerce: Sandbox) -> None:
    for path in ("v3/no/such/route", "v3/hooks/1"):
        response = api.get(store_url(bigcommerce, path))
        assert response.status_code == 404
        assert response.json()["status"] == 404 and response.json()["type"] == STATUS_TYPE


def test_v2_unknown_order_is_404_as_a_list_of_status_and_message(api: requests.Session, bigcommerce: Sandbox) -> None:
    response = api.get(store_url(bigcommerce, "v2/orders/987654"))
    assert response.status_code == 404
    assert response.json() == [{"status": 404, "message": "The requested resource was not found."}]


def test_duplicate_order_metafield_is_409(api: requests.Session, bigcommerce: Sandbox) -> None:
    order_id = next(iter(bigcommerce.state.records.orders))
    url = store_url(bigcommerce, f"v3/orders/{order_id}/metafields")
    marker = {"permission_set": "app_only", "namespace": "erplink", "key": "erp_document", "value": "SO-1"}
    assert api.post(url, json=marker).status_code == 200
    again = api.post(url, json=marker)
    assert again.status_code == 409 and again.json()["status"] == 409
