"""Driving QAD's sales order header and line flow from a test, as a client would."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.sandbox.qad.rest.conftest import DOMAIN

HEADERS = "/api/erp/salesOrderHeaders"
HEADER_VIEW = {"viewUri": "urn:be:com.qad.sales.salesorder.ISalesOrderHeader"}
GRID = "/api/erp/salesOrderLinesGrid"
FIELD_CHANGE = "/api/erp/salesOrderLines/fieldChange"
LINE_FIELDS = ("itemCode", "siteCode", "quantityOrdered", "listPrice", "netPrice", "dueDate")


def header(customer: str, **changes: Any) -> dict[str, Any]:
    return {"dataOperation": "C", "domainCode": DOMAIN, "soldToCustomerCode": customer, "siteCode": "10-100",
            "currencyCode": "USD", "orderDate": "2026-01-05", "purchaseOrder": "WC-shop1-1042", **changes}  # fmt: skip


def create_header(rest: TestClient, customer: str, **changes: Any) -> dict[str, Any]:
    response = rest.post(HEADERS, params=HEADER_VIEW, json={"supplementaryMessages": [], "salesOrderHeaders": [header(customer, **changes)]})
    assert response.status_code == 200 and response.json()["submitResult"]["success"], response.text
    created: dict[str, Any] = response.json()["data"]["salesOrderHeaders"][0]
    return created


def read_header(rest: TestClient, number: str) -> dict[str, Any]:
    records = rest.get(HEADERS, params={**HEADER_VIEW, "domainCode": DOMAIN, "salesOrderNumber": number}).json()
    found: dict[str, Any] = records["data"]["salesOrderHeaders"][0]
    return found


def change(rest: TestClient, line: dict[str, Any], field: str, value: Any) -> Any:
    """One field change; answers the server's line, or the refused answer when it is refused."""
    response = rest.post(FIELD_CHANGE, params={"fieldName": field, "dataOperation": "CREATE"},
                         json={"salesOrderLines": [{**line, field: value}]})  # fmt: skip
    assert response.status_code == 200, response.text
    body = response.json()
    return body["data"]["salesOrderLines"][0] if "data" in body else body


def new_line(rest: TestClient, number: str, line_number: int, item: str, quantity: Any, net_price: Any) -> dict[str, Any]:
    line = rest.get(GRID, params={"initialize": "true", "domainCode": DOMAIN, "salesOrderNumber": number}).json()
    line = {**line["data"]["salesOrderLines"][0], "salesOrderLine": line_number}
    values = {"itemCode": item, "siteCode": "10-100", "quantityOrdered": quantity, "listPrice": net_price,
              "netPrice": net_price, "dueDate": "2026-01-09"}  # fmt: skip
    for field in LINE_FIELDS:
        line = change(rest, line, field, values[field])
    return line


def save_lines(rest: TestClient, lines: list[dict[str, Any]]) -> Any:
    return rest.post(GRID, json={"supplementaryMessages": [], "salesOrderLines": lines})
