"""What the instance answers outside the emulated entities: other endpoints and versions, entities the contract
lacks or the sandbox does not serve, the endpoint's own OpenAPI document, bodies that are not JSON."""

from __future__ import annotations

import json

import pytest
import requests
from sandbox.acumatica.contract import SPEC_PATH

from tests.sandbox.acumatica.conftest import SITE, entity_url, url, wrapped


@pytest.mark.parametrize("path", [f"{SITE}/entity/Default/23.200.001/StockItem",
                                  f"{SITE}/entity/eCommerce/24.200.001/StockItem",
                                  f"{SITE}/entity/Default/24.200.001/InventorySummary",
                                  "/entity/Default/24.200.001/StockItem"])  # without the instance's site path
def test_an_unknown_endpoint_version_entity_or_site_is_a_route_nobody_serves(api: requests.Session,
                                                                             path: str) -> None:
    response = api.get(url(path))
    assert response.status_code == 404
    assert response.json() == {"message": f"No HTTP resource was found that matches the request URI '{url(path)}'."}


def test_the_endpoint_name_and_entity_match_whatever_their_case(api: requests.Session) -> None:
    assert api.get(url(f"{SITE}/entity/default/24.200.001/stockitem"), params={"$top": 1}).status_code == 200


def test_an_entity_the_sandbox_does_not_serve_says_so(api: requests.Session) -> None:
    response = api.get(entity_url("SalesOrder"))
    assert response.status_code == 501 and "SalesOrder" in response.json()["message"]
    assert api.delete(entity_url("Customer/C000001")).status_code == 501


def test_the_endpoint_serves_its_own_openapi_document_to_a_signed_in_client(api: requests.Session,
                                                                            anonymous: requests.Session) -> None:
    assert anonymous.get(entity_url("swagger.json")).status_code == 401
    document = api.get(entity_url("swagger.json")).json()
    assert document == json.loads(SPEC_PATH.read_text(encoding="utf-8-sig"))


def test_a_put_that_is_not_json_is_refused_with_415(api: requests.Session) -> None:
    response = api.put(entity_url("Customer"), data={"CustomerID": "C1"})
    assert response.status_code == 415


def test_a_body_that_is_not_json_is_refused_with_400(api: requests.Session) -> None:
    response = api.put(entity_url("Customer"), data=b"{not json", headers={"Content-Type": "application/json"})
    assert response.status_code == 400 and "entity" in response.json()["modelState"]


def test_the_business_date_header_dates_a_new_invoice(api: requests.Session) -> None:
    body = wrapped(CustomerID="C000001")
    invoice = api.put(entity_url("SalesInvoice"), json=body, headers={"PX-CbApiBusinessDate": "2025-12-31"})
    assert invoice.json()["Date"]["value"].startswith("2025-12-31T00:00:00")


def test_an_unknown_route_is_a_404_before_any_sign_in(anonymous: requests.Session) -> None:
    assert anonymous.get(entity_url("InventorySummary")).status_code == 404
    assert anonymous.get(entity_url("Customer")).status_code == 401
