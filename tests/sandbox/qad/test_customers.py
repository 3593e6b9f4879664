"""Customers: creation with a server-assigned code, look-up by e-mail and externalRef, strict bodies."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from sandbox import Sandbox
from sandbox.seed import World
from tests.sandbox.qad.conftest import error_code

CUSTOMERS = "/api/erp/v1/customers"


def customer_body(**changes: Any) -> dict[str, Any]:
    body = {
        "externalRef": "WC-shop1-C77",
        "name": "Grace Hopper",
        "email": "grace@example.com",
        "phone": "+1 555 0100",
        "billTo": {"name": "Grace Hopper", "line1": "2 Navy Way", "city": "Arlington", "state": "VA",
                   "postalCode": "22201", "country": "US"},
        "currency": "USD",
    }
    body.update(changes)
    return body


def test_seeded_customers_are_the_worlds_erp_customers(api: TestClient, world: World) -> None:
    """The demo tenant holds the world's pre-existing ERP customers under their codes."""
    data = api.get(CUSTOMERS, params={"limit": 500}).json()["data"]
    assert {customer["customerCode"] for customer in data} == {c["customerCode"] for c in world.erp_customers}


def test_create_assigns_the_next_code_and_is_found_by_external_ref(api: TestClient, world: World) -> None:
    """POST answers 201 with a new `C…` code after the seeded ones; `externalRef` finds exactly that customer."""
    created = api.post(CUSTOMERS, json=customer_body())
    assert created.status_code == 201
    code = created.json()["customerCode"]
    assert code == f"C{len(world.erp_customers) + 1:06d}"
    found = api.get(CUSTOMERS, params={"externalRef": "WC-shop1-C77"}).json()["data"]
    assert [customer["customerCode"] for customer in found] == [code]
    assert api.get(f"{CUSTOMERS}/{code}").json()["email"] == "grace@example.com"


def test_email_filter_ignores_case(api: TestClient, qad: Sandbox) -> None:
    """A customer keyed in upper case on the ERP is found by the lower-case address a store sends."""
    keyed_in = qad.state.add_customer({"name": "Alan Turing", "email": "ALAN@EXAMPLE.ORG", "currency": "USD"})
    found = api.get(CUSTOMERS, params={"email": "alan@example.org"}).json()["data"]
    assert [customer["customerCode"] for customer in found] == [keyed_in["customerCode"]]


def test_unknown_customer_code_is_not_found(api: TestClient) -> None:
    """GET of a code that does not exist: 404 NOT_FOUND."""
    response = api.get(f"{CUSTOMERS}/C999999")
    assert response.status_code == 404 and error_code(response) == "NOT_FOUND"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"email": "not-an-address"}, "email"),
        ({"currency": "usd"}, "currency"),
        ({"externalRef": ""}, "externalRef"),
        ({"billTo": {"name": "x", "line1": "y", "city": "z", "country": "USA"}}, "billTo.country"),
        ({"loyaltyTier": "gold"}, "loyaltyTier"),
    ],
)
def test_malformed_customer_is_refused_naming_the_field(api: TestClient, changes: dict[str, Any], field: str) -> None:
    """A bad e-mail, currency, empty externalRef, 3-letter country or unknown field: 400 VALIDATION_FAILED."""
    response = api.post(CUSTOMERS, json=customer_body(**changes))
    assert response.status_code == 400 and error_code(response) == "VALIDATION_FAILED"
    assert field in [detail["field"] for detail in response.json()["error"]["details"]]


def test_missing_required_field_is_named(api: TestClient) -> None:
    """A customer without `name`: 400 VALIDATION_FAILED naming `name`; nothing is created."""
    body = customer_body()
    del body["name"]
    response = api.post(CUSTOMERS, json=body)
    assert response.json()["error"]["details"] == [{"field": "name", "message": "Field required"}]
    assert api.get(CUSTOMERS, params={"externalRef": "WC-shop1-C77"}).json()["data"] == []


def test_body_that_is_not_json_is_refused(api: TestClient) -> None:
    """A body that is not JSON: 400 VALIDATION_FAILED."""
    response = api.post(CUSTOMERS, content=b"name=Grace", headers={"Content-Type": "application/json"})
    assert response.status_code == 400 and error_code(response) == "VALIDATION_FAILED"
