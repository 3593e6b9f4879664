"""Paging, ordering, `modifiedSince` and the bounds every list enforces, shown on items and customers."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient

from sandbox import Sandbox
from tests.sandbox.qad.conftest import FakeClock, error_code

ITEMS = "/api/erp/v1/items"


def test_list_answers_the_envelope_with_the_total(api: TestClient, qad: Sandbox) -> None:
    """A page carries `data` and `pagination` with the requested offset and limit and the full total."""
    response = api.get(ITEMS, params={"offset": 2, "limit": 3})
    assert response.status_code == 200
    body = response.json()
    assert body["pagination"] == {"offset": 2, "limit": 3, "total": len(qad.state.documents("items"))}
    assert len(body["data"]) == 3


def test_pages_walk_every_document_once(api: TestClient, qad: Sandbox) -> None:
    """Walking pages of 4 until a short page yields each item exactly once."""
    seen: list[str] = []
    offset = 0
    while True:
        page = api.get(ITEMS, params={"offset": offset, "limit": 4}).json()["data"]
        seen += [item["itemNumber"] for item in page]
        if len(page) < 4:
            break
        offset += 4
    assert sorted(seen) == sorted(item["itemNumber"] for item in qad.state.documents("items"))


def test_list_is_ordered_by_modified_at_then_id(api: TestClient, qad: Sandbox, clock: FakeClock) -> None:
    """Documents changed later come last; documents with the same `modifiedAt` are ordered by item number."""
    items = sorted(item["itemNumber"] for item in qad.state.documents("items"))
    clock.advance(60)
    qad.state.deactivate_item(items[0])
    data = api.get(ITEMS, params={"limit": 500}).json()["data"]
    assert [item["itemNumber"] for item in data] == items[1:] + items[:1]


def test_modified_since_is_inclusive(api: TestClient, qad: Sandbox, clock: FakeClock) -> None:
    """`modifiedSince` equal to a document's `modifiedAt` includes it; one second later excludes it."""
    clock.advance(60)
    changed = qad.state.set_item_status(qad.state.documents("items")[3]["itemNumber"], "INACTIVE")
    at = changed["modifiedAt"]
    same = api.get(ITEMS, params={"modifiedSince": at}).json()
    later = api.get(ITEMS, params={"modifiedSince": (clock.now + timedelta(seconds=1)).isoformat()}).json()
    assert [item["itemNumber"] for item in same["data"]] == [changed["itemNumber"]]
    assert later["data"] == [] and later["pagination"]["total"] == 0


@pytest.mark.parametrize(
    ("name", "value"),
    [("limit", "0"), ("limit", "501"), ("limit", "ten"), ("offset", "-1"), ("modifiedSince", "yesterday"),
     ("modifiedSince", "2026-01-05T10:00:00")],
)
def test_out_of_bounds_parameters_are_invalid(api: TestClient, name: str, value: str) -> None:
    """Limit outside 1..500, a negative offset and a non-ISO or zone-less timestamp: 400 INVALID_PARAMETER naming it."""
    response = api.get(ITEMS, params={name: value})
    assert response.status_code == 400 and error_code(response) == "INVALID_PARAMETER"
    assert response.json()["error"]["details"][0]["field"] == name


def test_limit_bounds_are_inclusive(api: TestClient) -> None:
    """Limits 1 and 500 are both accepted."""
    assert api.get(ITEMS, params={"limit": 1}).status_code == 200
    assert api.get(ITEMS, params={"limit": 500}).status_code == 200


def test_money_and_quantities_are_decimal_strings(api: TestClient, qad: Sandbox) -> None:
    """Prices and stock come back as strings that parse as decimals, never as JSON numbers."""
    price = api.get("/api/erp/v1/price-lists/USD/prices", params={"limit": 1}).json()["data"][0]
    balance = api.get("/api/erp/v1/inventory", params={"limit": 1}).json()["data"][0]
    for value in (price["price"], balance["qtyOnHand"], balance["qtyAllocated"], balance["qtyCommitted"]):
        assert isinstance(value, str)
        Decimal(value)


LISTS = ["/api/erp/v1/customers", ITEMS, "/api/erp/v1/price-lists/USD/prices", "/api/erp/v1/inventory",
         "/api/erp/v1/sales-orders", "/api/erp/v1/credit-memos", "/api/erp/v1/gl-journals"]


@pytest.mark.parametrize("path", LISTS)
def test_every_list_enforces_the_limit_bounds(api: TestClient, path: str) -> None:
    """Each document list answers the envelope and refuses limit 501 with 400 INVALID_PARAMETER."""
    assert set(api.get(path, params={"limit": 500}).json()) == {"data", "pagination"}
    response = api.get(path, params={"limit": 501})
    assert response.status_code == 400 and error_code(response) == "INVALID_PARAMETER"
