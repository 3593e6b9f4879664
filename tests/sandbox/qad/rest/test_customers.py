"""Customers as QAD creates them: a business relation first, then the customer on it; found by browse."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from sandbox import Sandbox
from tests.sandbox.qad.rest.conftest import DOMAIN, submit_errors
from tests.sandbox.qad.rest.test_browses import browse

RELATIONS = "/api/erp/businessRelationV2s"
RELATION_VIEW = {"viewUri": "urn:be:com.qad.base.address.IBusinessRelationV2"}
CUSTOMERS = "/api/erp/customerV2s"
CUSTOMER_VIEW = {"viewUri": "urn:be:com.qad.base.customer.ICustomerV2"}


def _relation(rest: TestClient) -> str:
    response = rest.post(RELATIONS, params=RELATION_VIEW, json={"supplementaryMessages": [], "businessRelationV2s": [{
        "dataOperation": "C", "businessRelationName1": "Ada Lovelace", "headOfficeStreet1": "1 Analytical Way",
        "headOfficeCity": "London", "headOfficeCountryCode": "GB"}]})  # fmt: skip
    assert response.json()["submitResult"]["success"], response.text
    code: str = response.json()["data"]["businessRelationV2s"][0]["businessRelationCode"]
    return code


def _customer(relation: str, **changes: Any) -> dict[str, Any]:
    return {"dataOperation": "C", "sharedSetCode": DOMAIN, "businessRelationCode": relation, "street1": "1 Analytical Way",
            "city": "London", "countryCode": "GB", "currencyCode": "GBP", "EMail": "Ada@Example.org",
            "customShort0": "WC-shop1-C7", **changes}  # fmt: skip


def test_a_customer_is_created_on_its_business_relation_and_read_back_by_key(rest: TestClient) -> None:
    relation = _relation(rest)
    response = rest.post(CUSTOMERS, params=CUSTOMER_VIEW, json={"customerV2s": [_customer(relation)]})
    assert response.json()["submitResult"]["success"], response.text
    code = response.json()["data"]["customerV2s"][0]["customerCode"]
    read = rest.get(CUSTOMERS, params={**CUSTOMER_VIEW, "sharedSetCode": DOMAIN, "customerCode": code}).json()
    [record] = read["data"]["customerV2s"]
    assert (record["businessRelationCode"], record["businessRelationName"], record["customShort0"]) == (
        relation, "Ada Lovelace", "WC-shop1-C7")


def test_a_customer_without_a_business_relation_is_refused(rest: TestClient, qad: Sandbox) -> None:
    before = len(qad.state.documents("customers"))
    response = rest.post(CUSTOMERS, params=CUSTOMER_VIEW, json={"customerV2s": [_customer("BR999999")]})
    assert [e["fieldName"] for e in submit_errors(response)] == ["businessRelationCode"]
    assert len(qad.state.documents("customers")) == before


def test_a_customer_with_a_malformed_email_is_refused_naming_the_field(rest: TestClient) -> None:
    response = rest.post(CUSTOMERS, params=CUSTOMER_VIEW, json={"customerV2s": [_customer(_relation(rest), EMail="not-an-address")]})
    assert [e["fieldName"] for e in submit_errors(response)] == ["EMail"]


def test_the_customer_browse_finds_a_customer_by_email_in_any_case_and_by_external_reference(rest: TestClient) -> None:
    rest.post(CUSTOMERS, params=CUSTOMER_VIEW, json={"customerV2s": [_customer(_relation(rest))]})
    by_email = browse(rest, "urn:browse:mfg:cm007", "ad_mstr.ad_email,eq,ada@example.ORG,literal")["data"]
    by_reference = browse(rest, "urn:browse:mfg:cm007", "cm_mstr.cm__chr01,eq,WC-shop1-C7,literal")["data"]
    assert len(by_email) == 1 and by_email == by_reference
