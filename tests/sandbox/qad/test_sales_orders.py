"""Sales orders: creation rules, look-up by externalRef, amendment and cancellation only while OPEN."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from sandbox import Sandbox
from sandbox.qad.errors import QadError
from tests.sandbox.qad.conftest import FakeClock, error_code
from tests.sandbox.qad.documents import ORDER_TOTAL, active_items, sales_order_body

ORDERS = "/api/erp/v1/sales-orders"


def create(api: TestClient, qad: Sandbox, **changes: Any) -> dict[str, Any]:
    response = api.post(ORDERS, json=sales_order_body(qad, **changes))
    assert response.status_code == 201, response.text
    order: dict[str, Any] = response.json()
    return order


def test_create_answers_the_order_open_with_number_total_and_normalised_amounts(api: TestClient, qad: Sandbox) -> None:
    """A valid order is 201 OPEN with an `SO…` number, its total, and money normalised to two places."""
    order = create(api, qad)
    assert order["orderNumber"] == "SO000001" and order["status"] == "OPEN"
    assert order["orderTotal"] == ORDER_TOTAL
    assert order["lines"][1]["taxAmount"] == "0.00" and order["charges"][1]["amount"] == "7.00"
    assert order["createdAt"] == order["modifiedAt"]
    assert api.get(f"{ORDERS}/SO000001").json() == order


def test_external_ref_finds_the_order_and_duplicates_are_not_refused(api: TestClient, qad: Sandbox) -> None:
    """`externalRef` lists the orders carrying it; a second create with the same ref succeeds (no uniqueness)."""
    first = create(api, qad)
    second = create(api, qad)
    create(api, qad, external_ref="WC-shop1-9999")
    found = api.get(ORDERS, params={"externalRef": "WC-shop1-1042"}).json()["data"]
    assert [order["orderNumber"] for order in found] == [first["orderNumber"], second["orderNumber"]]


def test_orders_filter_by_customer_and_status(api: TestClient, qad: Sandbox) -> None:
    """`customerCode` and `status` narrow the list to matching orders."""
    kept = create(api, qad)
    cancelled = create(api, qad)
    api.post(f"{ORDERS}/{cancelled['orderNumber']}/cancel")
    open_orders = api.get(ORDERS, params={"status": "OPEN", "customerCode": kept["customerCode"]}).json()["data"]
    assert [order["orderNumber"] for order in open_orders] == [kept["orderNumber"]]
    assert api.get(ORDERS, params={"customerCode": "C424242"}).json()["data"] == []


def test_unknown_and_inactive_items_are_refused_naming_every_bad_line(api: TestClient, qad: Sandbox) -> None:
    """Lines with an unknown item and an inactive one: 422 UNKNOWN_ITEM listing both lines; no order is created."""
    good, retired = active_items(qad, 2)
    qad.state.deactivate_item(retired)
    lines = [
        {"line": 1, "itemNumber": "NO-SUCH-SKU", "quantity": "1", "unitPrice": "1.00"},
        {"line": 2, "itemNumber": good, "quantity": "1", "unitPrice": "1.00"},
        {"line": 3, "itemNumber": retired, "quantity": "1", "unitPrice": "1.00"},
    ]
    response = api.post(ORDERS, json=sales_order_body(qad, lines=lines))
    assert response.status_code == 422 and error_code(response) == "UNKNOWN_ITEM"
    assert response.json()["error"]["details"] == [
        {"line": 1, "itemNumber": "NO-SUCH-SKU"},
        {"line": 3, "itemNumber": retired},
    ]
    assert qad.state.documents("sales-orders") == []


def test_unknown_customer_is_refused(api: TestClient, qad: Sandbox) -> None:
    """A customer code the tenant does not have: 422 UNKNOWN_CUSTOMER; no order is created."""
    response = api.post(ORDERS, json=sales_order_body(qad, customerCode="C424242"))
    assert response.status_code == 422 and error_code(response) == "UNKNOWN_CUSTOMER"
    assert qad.state.documents("sales-orders") == []


def _line(**changes: Any) -> dict[str, Any]:
    return {"line": 1, "itemNumber": "X", "quantity": "1", "unitPrice": "1.00", **changes}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"lines": [_line(quantity=2)]}, "lines[0].quantity"),
        ({"lines": [_line(unitPrice="45.001")]}, "lines[0].unitPrice"),
        ({"lines": [_line(quantity="0")]}, "lines[0].quantity"),
        ({"lines": [_line(quantity="-1")]}, "lines[0].quantity"),
        ({"lines": [_line(line="1")]}, "lines[0].line"),
        ({"lines": [_line(), _line()]}, "lines"),
        ({"lines": []}, "lines"),
        ({"site": "99-999"}, "site"),
        ({"currency": "Dollar"}, "currency"),
        ({"orderDate": "2026-01-05T10:00:00"}, "orderDate"),
        ({"charges": [{"type": "FREIGHT", "amount": "-5.00"}]}, "charges[0].amount"),
        ({"charges": [{"type": "HANDLING", "amount": "5.00"}]}, "charges[0].type"),
        ({"shipTo": {"name": "A", "line1": "B", "city": "C"}}, "shipTo.country"),
        ({"paymentMethod": "card"}, "paymentMethod"),
    ],
)
def test_malformed_order_is_refused_naming_the_field(api: TestClient, qad: Sandbox, changes: dict, field: str) -> None:
    """Numbers for decimals, too many places, zero or negative quantity, string line number, duplicate or no
    lines, unknown site, bad currency, zone-less date, negative freight, unknown charge type, incomplete
    address, unknown field: each is 400 VALIDATION_FAILED naming the field, and nothing is created."""
    response = api.post(ORDERS, json=sales_order_body(qad, **changes))
    assert response.status_code == 400 and error_code(response) == "VALIDATION_FAILED", response.text
    assert field in [detail["field"] for detail in response.json()["error"]["details"]]
    assert qad.state.documents("sales-orders") == []


def test_negative_fee_is_accepted_and_lowers_the_total(api: TestClient, qad: Sandbox) -> None:
    """A fee may be negative (a discount booked as a fee); the total includes it."""
    order = create(api, qad, charges=[{"type": "FEE", "description": "Coupon", "amount": "-6.80"}])
    assert order["orderTotal"] == "99.40"


def test_patch_amends_lines_and_recomputes_the_total(api: TestClient, qad: Sandbox, clock: FakeClock) -> None:
    """PATCH of an OPEN order replaces its lines, recomputes the total and moves `modifiedAt`."""
    order = create(api, qad)
    clock.advance(10)
    item = active_items(qad, 1)[0]
    response = api.patch(
        f"{ORDERS}/{order['orderNumber']}",
        json={"lines": [{"line": 1, "itemNumber": item, "quantity": "3", "unitPrice": "5.00"}], "notes": None},
    )
    assert response.status_code == 200
    amended = response.json()
    assert amended["orderTotal"] == "32.00"  # 3 × 5.00 plus the 17.00 of charges and amended["notes"] is None
    assert amended["modifiedAt"] > order["modifiedAt"] and amended["customerPo"] == order["customerPo"]


def test_patch_with_an_unknown_item_is_refused_and_changes_nothing(api: TestClient, qad: Sandbox) -> None:
    """PATCH lines naming an unknown item: 422 UNKNOWN_ITEM and the order keeps its lines."""
    order = create(api, qad)
    response = api.patch(f"{ORDERS}/{order['orderNumber']}", json={"lines": [_line(itemNumber="GHOST")]})
    assert response.status_code == 422 and error_code(response) == "UNKNOWN_ITEM"
    assert api.get(f"{ORDERS}/{order['orderNumber']}").json()["lines"] == order["lines"]


@pytest.mark.parametrize(
    ("patch", "field"),
    [({}, "body"), ({"lines": None}, "lines"), ({"currency": "EUR"}, "currency"), ({"customerPo": 7}, "customerPo")],
)
def test_malformed_patch_is_refused(api: TestClient, qad: Sandbox, patch: dict, field: str) -> None:
    """An empty patch, null lines, a field that cannot be amended or a wrong type: 400 VALIDATION_FAILED."""
    order = create(api, qad)
    response = api.patch(f"{ORDERS}/{order['orderNumber']}", json=patch)
    assert response.status_code == 400 and error_code(response) == "VALIDATION_FAILED"
    assert field in [detail["field"] for detail in response.json()["error"]["details"]]


def test_patch_and_cancel_are_refused_once_the_order_shipped(api: TestClient, qad: Sandbox) -> None:
    """After the ERP ships the order, PATCH and cancel are 409 ORDER_NOT_OPEN."""
    number = create(api, qad)["orderNumber"]
    qad.state.set_order_status(number, "SHIPPED")
    patched = api.patch(f"{ORDERS}/{number}", json={"notes": "too late"})
    cancelled = api.post(f"{ORDERS}/{number}/cancel")
    assert (patched.status_code, error_code(patched)) == (409, "ORDER_NOT_OPEN")
    assert (cancelled.status_code, error_code(cancelled)) == (409, "ORDER_NOT_OPEN")


def test_cancel_closes_an_open_order_once(api: TestClient, qad: Sandbox) -> None:
    """Cancel moves an OPEN order to CANCELLED; a second cancel is 409 ORDER_NOT_OPEN."""
    number = create(api, qad)["orderNumber"]
    first = api.post(f"{ORDERS}/{number}/cancel")
    again = api.post(f"{ORDERS}/{number}/cancel")
    assert first.status_code == 200 and first.json()["status"] == "CANCELLED"
    assert again.status_code == 409 and error_code(again) == "ORDER_NOT_OPEN"


def test_unknown_order_is_not_found_for_every_verb(api: TestClient) -> None:
    """GET, PATCH and cancel of an order that does not exist: 404 NOT_FOUND."""
    responses = [
        api.get(f"{ORDERS}/SO999999"),
        api.patch(f"{ORDERS}/SO999999", json={"notes": "x"}),
        api.post(f"{ORDERS}/SO999999/cancel"),
    ]
    assert [(response.status_code, error_code(response)) for response in responses] == [(404, "NOT_FOUND")] * 3


def test_status_moves_forward_only(api: TestClient, qad: Sandbox) -> None:
    """OPEN → INVOICED may skip SHIPPED, but INVOICED → SHIPPED and any move of a cancelled order are refused."""
    number = create(api, qad)["orderNumber"]
    assert qad.state.set_order_status(number, "INVOICED")["status"] == "INVOICED"
    with pytest.raises(QadError, match="cannot move"):
        qad.state.set_order_status(number, "SHIPPED")
    cancelled = create(api, qad)["orderNumber"]
    api.post(f"{ORDERS}/{cancelled}/cancel")
    with pytest.raises(QadError, match="cannot move"):
        qad.state.set_order_status(cancelled, "CLOSED")
    assert api.get(f"{ORDERS}/{number}").json()["status"] == "INVOICED"
