"""Credit memos: against an existing, not cancelled order, never beyond what remains to credit."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from sandbox import Sandbox
from tests.sandbox.qad.conftest import error_code
from tests.sandbox.qad.documents import sales_order_body

ORDERS = "/api/erp/v1/sales-orders"
MEMOS = "/api/erp/v1/credit-memos"


@pytest.fixture
def order(api: TestClient, qad: Sandbox) -> dict[str, Any]:
    """An OPEN order for 123.20: 2 of the first item, 1 of the second."""
    response = api.post(ORDERS, json=sales_order_body(qad))
    assert response.status_code == 201
    created: dict[str, Any] = response.json()
    return created


def memo_body(order: dict[str, Any], amount: str, lines: list[dict[str, Any]] | None = None,
              **changes: Any) -> dict[str, Any]:
    return {"externalRef": f"WC-shop1-1042-R{amount}", "salesOrder": order["orderNumber"], "reason": "Damaged",
            "currency": "USD", "amount": amount, "lines": lines or [], **changes}


def first_line(order: dict[str, Any], quantity: str = "1", amount: str = "45.00") -> dict[str, Any]:
    return {"itemNumber": order["lines"][0]["itemNumber"], "quantity": quantity, "amount": amount, "restock": True}


def test_credit_memo_is_created_and_found(api: TestClient, order: dict[str, Any]) -> None:
    """A memo with a line is 201 with a `CM…` number; it is found by number, `salesOrder` and `externalRef`."""
    response = api.post(MEMOS, json=memo_body(order, "52.20", [first_line(order)]))
    assert response.status_code == 201
    memo = response.json()
    assert memo["creditMemoNumber"] == "CM000001" and memo["amount"] == "52.20"
    assert api.get(f"{MEMOS}/CM000001").json() == memo
    assert api.get(MEMOS, params={"salesOrder": order["orderNumber"]}).json()["data"] == [memo]
    assert api.get(MEMOS, params={"externalRef": memo["externalRef"]}).json()["data"] == [memo]
    assert api.get(MEMOS, params={"externalRef": "WC-none"}).json()["data"] == []


def test_amount_only_memo_up_to_the_order_total_is_accepted(api: TestClient, order: dict[str, Any]) -> None:
    """A memo without lines for exactly the order's total is accepted."""
    assert api.post(MEMOS, json=memo_body(order, order["orderTotal"])).status_code == 201


def test_memos_together_may_not_exceed_the_order_total(api: TestClient, order: dict[str, Any]) -> None:
    """After 100.00 is credited on a 123.20 order, 23.21 more is 422 CREDIT_EXCEEDS_ORDER and 23.20 is fine."""
    assert api.post(MEMOS, json=memo_body(order, "100.00")).status_code == 201
    over = api.post(MEMOS, json=memo_body(order, "23.21"))
    assert over.status_code == 422 and error_code(over) == "CREDIT_EXCEEDS_ORDER"
    assert over.json()["error"]["details"] == [{"orderTotal": "123.20", "credited": "100.00", "requested": "23.21"}]
    assert api.post(MEMOS, json=memo_body(order, "23.20")).status_code == 201


def test_credited_quantity_may_not_exceed_the_ordered_quantity(api: TestClient, order: dict[str, Any]) -> None:
    """Two units were ordered: crediting 1 then 2 more of that item is 422 CREDIT_EXCEEDS_ORDER."""
    assert api.post(MEMOS, json=memo_body(order, "45.00", [first_line(order)])).status_code == 201
    response = api.post(MEMOS, json=memo_body(order, "50.00", [first_line(order, quantity="2")]))
    assert response.status_code == 422 and error_code(response) == "CREDIT_EXCEEDS_ORDER"


def test_item_not_on_the_order_is_refused(api: TestClient, order: dict[str, Any]) -> None:
    """A memo line for an item the order does not carry: 422 UNKNOWN_ITEM naming the line."""
    line = {"itemNumber": "NOT-ON-ORDER", "quantity": "1", "amount": "1.00"}
    response = api.post(MEMOS, json=memo_body(order, "5.00", [first_line(order, amount="1.00"), line]))
    assert response.status_code == 422 and error_code(response) == "UNKNOWN_ITEM"
    assert response.json()["error"]["details"] == [{"line": 2, "itemNumber": "NOT-ON-ORDER"}]


def test_unknown_sales_order_is_refused(api: TestClient, order: dict[str, Any]) -> None:
    """A memo against an order that does not exist: 422 UNKNOWN_SALES_ORDER."""
    response = api.post(MEMOS, json=memo_body(order, "5.00", salesOrder="SO999999"))
    assert response.status_code == 422 and error_code(response) == "UNKNOWN_SALES_ORDER"


def test_cancelled_order_cannot_be_credited(api: TestClient, order: dict[str, Any]) -> None:
    """Once the order is cancelled there is nothing to credit: 409 CONFLICT."""
    api.post(f"{ORDERS}/{order['orderNumber']}/cancel")
    response = api.post(MEMOS, json=memo_body(order, "5.00"))
    assert response.status_code == 409 and error_code(response) == "CONFLICT"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"amount": "0.00"}, "amount"),
        ({"amount": 5}, "amount"),
        ({"currency": "EUR"}, "currency"),
        ({"externalRef": None}, "externalRef"),
        ({"lines": [{"itemNumber": "X", "quantity": "1", "amount": "9.00"}]}, "lines"),
    ],
)
def test_malformed_memo_is_refused(api: TestClient, order: dict[str, Any], changes: dict, field: str) -> None:
    """A zero or numeric amount, another currency than the order's, no externalRef, or lines worth more than the
    memo: 400 VALIDATION_FAILED naming the field."""
    if field == "lines":
        changes = {"lines": [first_line(order, amount="9.00")]}
    response = api.post(MEMOS, json={**memo_body(order, "5.00"), **changes})
    assert response.status_code == 400 and error_code(response) == "VALIDATION_FAILED"
    assert field in [detail["field"] for detail in response.json()["error"]["details"]]


def test_unknown_credit_memo_is_not_found(api: TestClient) -> None:
    """GET of a memo number that does not exist: 404 NOT_FOUND."""
    response = api.get(f"{MEMOS}/CM999999")
    assert response.status_code == 404 and error_code(response) == "NOT_FOUND"


def test_order_cannot_be_amended_below_what_was_credited(api: TestClient, order: dict[str, Any]) -> None:
    """With 100.00 credited, amending the order down to 32.00 is 409 CONFLICT and the order is unchanged."""
    api.post(MEMOS, json=memo_body(order, "100.00"))
    line = {"line": 1, "itemNumber": order["lines"][0]["itemNumber"], "quantity": "3", "unitPrice": "5.00"}
    response = api.patch(f"{ORDERS}/{order['orderNumber']}", json={"lines": [line]})
    assert response.status_code == 409 and error_code(response) == "CONFLICT"
    assert api.get(f"{ORDERS}/{order['orderNumber']}").json()["orderTotal"] == order["orderTotal"]
