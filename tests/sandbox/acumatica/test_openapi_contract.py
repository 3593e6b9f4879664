"""Every answer the integration consumes, checked against the official `Default/24.200.001` OpenAPI document:
the status is one the document declares for the operation, the body fits the declared schema, and (where the
body is an entity) it carries no member the schema lacks."""

from __future__ import annotations

import re

import requests
from sandbox import Sandbox

from tests.sandbox.acumatica.conftest import (
    LOGIN_PATH,
    LOGOUT_PATH,
    cookie_client,
    entity_url,
    first_customer,
    first_item,
    login,
    new_invoice,
    password_grant,
    url,
    value,
    wrapped,
)
from tests.sandbox.acumatica.openapi_contract import (
    check,
    check_response,
    component,
    response_schema,
    undeclared,
    validation_errors,
)

LOCATION = re.compile(r"^https://acumatica\.test/AcumaticaERP/entity/Default/24\.200\.001/SalesInvoice/"
                      r"ReleaseSalesInvoice/status/[0-9a-f-]{36}$")


def test_customer_list_and_read_by_key_fit_the_customer_schema(api: requests.Session, acumatica: Sandbox) -> None:
    """GET /Customer (a bare array) and GET /Customer/{id} with the main contact and its address expanded."""
    listed = api.get(entity_url("Customer"))
    check_response(listed, "/Customer", "get")
    one = api.get(entity_url(f"Customer/{first_customer(acumatica)}"),
                  params={"$expand": "MainContact,MainContact/Address"})
    check_response(one, "/Customer/{ids}", "get")
    assert "Address" in one.json()["MainContact"]


def test_customer_put_answers_the_saved_customer(api: requests.Session) -> None:
    response = api.put(entity_url("Customer"), json=wrapped(CustomerID="WC000042", CustomerName="Web Shopper",
                                                            Email="shopper@example.com"),
                       headers={"If-None-Match": "*"})
    check_response(response, "/Customer", "put")


def test_invoice_and_credit_memo_puts_and_reads_fit_the_sales_invoice_schema(api: requests.Session,
                                                                            acumatica: Sandbox) -> None:
    invoice = new_invoice(api, acumatica, headers={"If-None-Match": "*"})
    check_response(invoice, "/SalesInvoice", "put")
    memo = new_invoice(api, acumatica, invoice_type="Credit Memo")
    check_response(memo, "/SalesInvoice", "put")
    read = api.get(entity_url(f"SalesInvoice/Credit Memo/{value(memo.json(), 'ReferenceNbr')}"),
                   params={"$expand": "Details"})
    check_response(read, "/SalesInvoice/{ids}", "get")
    listed = api.get(entity_url("SalesInvoice"), params={"$expand": "Details", "$filter": "Type eq 'Credit Memo'"})
    check_response(listed, "/SalesInvoice", "get")
    assert [value(row, "Type") for row in listed.json()] == ["Credit Memo"]


def test_a_refused_invoice_answers_422_with_the_sales_invoice_schema(api: requests.Session) -> None:
    body = {**wrapped(CustomerID="NOBODY"), "Details": [wrapped(InventoryID="NO-SUCH-SKU", Qty=1)]}
    response = api.put(entity_url("SalesInvoice"), json=body)
    assert response.status_code == 422
    check_response(response, "/SalesInvoice", "put")


def test_release_answers_202_with_a_location_the_official_client_can_parse(api: requests.Session,
                                                                          acumatica: Sandbox) -> None:
    """`UrlParser.ParseActionLocation` needs `<site>/entity/<endpoint>/<version>/<Entity>/<Action>/status/<id>`."""
    invoice = new_invoice(api, acumatica).json()
    started = api.post(entity_url("SalesInvoice/ReleaseSalesInvoice"),
                       json={"entity": wrapped(Type="Invoice", ReferenceNbr=value(invoice, "ReferenceNbr"))})
    assert started.status_code == 202 and started.content == b""
    assert response_schema("/SalesInvoice/ReleaseSalesInvoice", "post", 202) is None  # no body documented
    assert LOCATION.match(started.headers["Location"]), started.headers["Location"]
    statuses = [api.get(started.headers["Location"]).status_code for _ in range(3)]
    assert statuses == [202, 202, 204]


def test_stock_items_with_filter_expand_and_select_fit_the_stock_item_schema(api: requests.Session) -> None:
    response = api.get(entity_url("StockItem"), params={
        "$filter": "ItemStatus eq 'Active' and LastModifiedDateTime gt datetimeoffset'2025-01-01T00:00:00+00:00'",
        "$expand": "WarehouseDetails", "$select": "InventoryID,DefaultPrice,MSRP,CurySpecificPrice,ItemStatus,"
                                                  "LastModifiedDateTime,WarehouseDetails/WarehouseID,"
                                                  "WarehouseDetails/QtyOnHand"})
    check_response(response, "/StockItem", "get")
    assert response.json() and all(row["WarehouseDetails"] for row in response.json())


def test_inventory_quantity_inquiry_fits_its_schema(api: requests.Session, acumatica: Sandbox) -> None:
    response = api.put(entity_url("InventoryQuantityAvailable"), params={"$expand": "Results"},
                       json=wrapped(InventoryID=first_item(acumatica)))
    check_response(response, "/InventoryQuantityAvailable", "put")


def test_error_bodies_are_http_errors(api: requests.Session, anonymous: requests.Session, acumatica: Sandbox) -> None:
    """401 (not signed in), 400 (unwrapped value), 412 (insert-only on an existing key), 500 (no such record)
    as documented for their operations; 429 and the licence refusal are `HttpError`s too."""
    check_response(anonymous.get(entity_url("StockItem")), "/StockItem", "get")
    check_response(api.put(entity_url("Customer"), json={"CustomerID": "C1"}), "/Customer", "put")
    taken = wrapped(CustomerID=first_customer(acumatica), CustomerName="Again")
    check_response(api.put(entity_url("Customer"), json=taken, headers={"If-None-Match": "*"}), "/Customer", "put")
    check_response(api.get(entity_url("Customer/NOBODY")), "/Customer/{ids}", "get")
    acumatica.state.set_rate_cap(1)
    api.get(entity_url("StockItem"), params={"$top": 1})
    limited = api.get(entity_url("StockItem"), params={"$top": 1})
    assert limited.status_code == 429
    check(limited.json(), component("HttpError"))
    acumatica.state.set_licence_cap(1)
    refused = login(cookie_client(acumatica), acumatica)
    assert refused.status_code == 500 and "API Login Limit" in refused.text
    check(refused.json(), component("HttpError"))


def test_token_and_cookie_sign_in_answer_as_the_official_client_reads_them(anonymous: requests.Session,
                                                                          acumatica: Sandbox) -> None:
    """Token: RFC 6749 with the fields of the client's `Token` model; login and logout: 204 with the session
    cookies set, then cleared."""
    token = password_grant(anonymous, acumatica)
    assert set(token) == {"access_token", "expires_in", "token_type", "refresh_token", "scope"}
    assert token["token_type"] == "Bearer" and isinstance(token["expires_in"], int)
    client = cookie_client(acumatica)
    signed_in = login(client, acumatica)
    assert signed_in.status_code == 204 and signed_in.content == b""
    assert {"ASP.NET_SessionId", ".ASPXAUTH"} <= set(client.cookies.keys())
    signed_out = client.post(LOGOUT_PATH)
    assert signed_out.status_code == 204 and not client.cookies.get(".ASPXAUTH")
    assert url(LOGIN_PATH).endswith("/entity/auth/login")


def test_the_contract_check_refuses_a_bare_value_and_an_undeclared_member() -> None:
    """The checks above can fail: a scalar where `StringValue` belongs, and a member `Customer` lacks."""
    schema = response_schema("/Customer/{ids}", "get", 200)
    assert schema is not None
    assert validation_errors({"CustomerID": "C1"}, schema)
    assert undeclared({"CustomerID": {"value": "C1"}, "Nickname": {"value": "x"}}, schema) == ["/Nickname"]
