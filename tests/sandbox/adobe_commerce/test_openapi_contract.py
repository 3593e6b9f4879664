"""Every kind of answer the sandbox serves, checked against Adobe's own OpenAPI document for Commerce 2.4.8: the
body fits the schema declared for the operation and status, and carries no member the schema lacks."""

from __future__ import annotations

import requests
from sandbox import Sandbox

from tests.sandbox.adobe_commerce.conftest import rest_url
from tests.sandbox.adobe_commerce.openapi_contract import check_response


def test_order_list_and_each_order_fit_the_order_schemas(api: requests.Session, store: Sandbox) -> None:
    listed = api.get(rest_url(store, "orders"), params={"searchCriteria[pageSize]": 100})
    check_response(listed, "/V1/orders")
    assert listed.json()["total_count"] == len(store.state.records.orders)
    for order_id in store.state.records.orders:
        check_response(api.get(rest_url(store, f"orders/{order_id}")), "/V1/orders/{id}")


def test_orders_carry_configurable_parent_and_child_rows_guests_and_missing_extension_blocks(
    api: requests.Session, store: Sandbox
) -> None:
    orders = api.get(rest_url(store, "orders"), params={"searchCriteria[pageSize]": 100}).json()["items"]
    rows = [row for order in orders for row in order["items"]]
    children = [row for row in rows if "parent_item_id" in row]
    assert children and all(row["parent_item"]["product_type"] == "configurable" for row in children)
    assert any(order["customer_is_guest"] == 1 and "customer_id" not in order for order in orders)
    assert any("extension_attributes" not in order for order in orders)
    assert any("extension_attributes" in order for order in orders)


def test_invoice_and_credit_memo_lists_fit_their_schemas(api: requests.Session, store: Sandbox) -> None:
    invoices = api.get(rest_url(store, "invoices"))
    check_response(invoices, "/V1/invoices")
    assert {invoice["state"] for invoice in invoices.json()["items"]} == {2}
    memos = api.get(rest_url(store, "creditmemos"))
    check_response(memos, "/V1/creditmemos")
    assert memos.json()["items"]


def test_customers_companies_products_and_store_views_fit_their_schemas(api: requests.Session, store: Sandbox) -> None:
    check_response(api.get(rest_url(store, "customers/search")), "/V1/customers/search")
    companies = api.get(rest_url(store, "company/"))
    check_response(companies, "/V1/company/")
    company_id = companies.json()["items"][0]["id"]
    check_response(api.get(rest_url(store, f"company/{company_id}")), "/V1/company/{companyId}")
    check_response(api.get(rest_url(store, "products")), "/V1/products")
    check_response(api.get(rest_url(store, "store/storeViews")), "/V1/store/storeViews")


def test_a_comment_written_back_fits_the_schema_and_shows_in_the_order(api: requests.Session, store: Sandbox) -> None:
    order_id = next(iter(store.state.records.orders))
    history = {"comment": "QAD SO-1042", "is_customer_notified": 0, "is_visible_on_front": 0, "parent_id": order_id}
    answer = api.post(rest_url(store, f"orders/{order_id}/comments"), json={"statusHistory": history})
    check_response(answer, "/V1/orders/{id}/comments", "post")
    order = api.get(rest_url(store, f"orders/{order_id}"))
    check_response(order, "/V1/orders/{id}")
    assert order.json()["status_histories"][0]["comment"] == "QAD SO-1042"


def test_admin_token_and_error_answers_fit_the_error_schema(
    anonymous: requests.Session, api: requests.Session, store: Sandbox
) -> None:
    credentials = store.state.credentials
    token = anonymous.post(
        rest_url(store, "integration/admin/token"),
        json={"username": credentials.admin_username, "password": credentials.admin_password},
    )
    check_response(token, "/V1/integration/admin/token", "post")
    refused = anonymous.get(rest_url(store, "orders"))
    check_response(refused, "/V1/orders", status=401)
    missing = api.get(rest_url(store, "orders/987654"))
    check_response(missing, "/V1/orders/{id}", status=404)


def test_an_orders_comments_list_fits_the_schema_and_holds_the_comments_posted(
    api: requests.Session, store: Sandbox
) -> None:
    """`GET orders/{id}/comments` lists every comment `POST orders/{id}/comments` stored, in the table's order
    (Magento's `getCommentsList` sets no sort order): ids ascending, so the newest is the last."""
    order_id = next(iter(store.state.records.orders))
    for text in ("first note", "QAD SO-1042"):
        history = {"comment": text, "is_customer_notified": 0, "is_visible_on_front": 0, "parent_id": order_id}
        api.post(rest_url(store, f"orders/{order_id}/comments"), json={"statusHistory": history}).raise_for_status()
    listed = api.get(rest_url(store, f"orders/{order_id}/comments"))
    check_response(listed, "/V1/orders/{id}/comments")
    body = listed.json()
    ids = [comment["entity_id"] for comment in body["items"]]
    assert [comment["comment"] for comment in body["items"]][-2:] == ["first note", "QAD SO-1042"]
    assert ids == sorted(ids) and body["total_count"] == len(ids)
    assert all(comment["parent_id"] == order_id for comment in body["items"])
    missing = api.get(rest_url(store, "orders/987654/comments"))
    check_response(missing, "/V1/orders/{id}/comments", status=404)
