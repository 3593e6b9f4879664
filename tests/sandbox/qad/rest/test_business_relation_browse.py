"""Business relations are found by browse, by the external reference an integration files in `customShort0`."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.sandbox.qad.rest.test_browses import browse
from tests.sandbox.qad.rest.test_customers import RELATION_VIEW, RELATIONS

BUSINESS_RELATIONS = "urn:browse:bebrowse:com.qad.erp.base.businessRelationV2s"


def _relation(rest: TestClient, reference: str) -> str:
    response = rest.post(RELATIONS, params=RELATION_VIEW, json={"businessRelationV2s": [{
        "dataOperation": "C", "businessRelationName1": "Mary Jackson", "headOfficeStreet1": "2 Langley Blvd",
        "headOfficeCity": "Hampton", "headOfficeCountryCode": "US", "customShort0": reference}]})  # fmt: skip
    assert response.json()["submitResult"]["success"], response.text
    code: str = response.json()["data"]["businessRelationV2s"][0]["businessRelationCode"]
    return code


def test_the_business_relation_browse_finds_a_relation_by_the_reference_it_was_created_with(rest: TestClient) -> None:
    wanted = _relation(rest, "WC-shop1-C41")
    _relation(rest, "WC-shop1-C42")
    rows = browse(rest, BUSINESS_RELATIONS, "businessRelationV2.customShort0,eq,WC-shop1-C41,literal")["data"]
    assert [row["businessRelationV2.businessRelationCode"] for row in rows] == [wanted]


def test_a_relation_read_by_key_carries_its_reference(rest: TestClient) -> None:
    code = _relation(rest, "WC-shop1-C43")
    read = rest.get(RELATIONS, params={**RELATION_VIEW, "businessRelationCode": code}).json()
    assert [r["customShort0"] for r in read["data"]["businessRelationV2s"]] == ["WC-shop1-C43"]
