"""Sales orders through QAD's header and stateful line flow; `concurrencyHash`; `submitResult` refusals."""

from __future__ import annotations

from fastapi.testclient import TestClient

from sandbox import Sandbox
from tests.sandbox.qad.documents import active_items
from tests.sandbox.qad.rest.conftest import DOMAIN, qad_errors, submit_errors
from tests.sandbox.qad.rest.flow import (
    FIELD_CHANGE,
    GRID,
    HEADER_VIEW,
    HEADERS,
    change,
    create_header,
    new_line,
    read_header,
    save_lines,
)


def _customer(qad: Sandbox) -> str:
    code: str = qad.state.documents("customers")[0]["customerCode"]
    return code


def test_header_then_lines_make_an_order_whose_total_the_lines_decide(rest: TestClient, qad: Sandbox) -> None:
    """A header is created without lines; initialized, field-changed lines saved in the grid become its lines."""
    first, second = active_items(qad, 2)
    created = create_header(rest, _customer(qad))
    number = created["salesOrderNumber"]
    assert created["uri"] == f"urn:be:com.qad.sales.salesorder.ISalesOrderHeader:{DOMAIN}.{number}"
    lines = [new_line(rest, number, 1, first, 2, "10.00"), new_line(rest, number, 2, second, "1.5", "4.00")]
    lines[1] = change(rest, lines[1], "discountFormatted", "25%")
    lines[1]["customDecimal0"] = "0.45"
    saved = save_lines(rest, [{**line, "dataOperation": "C"} for line in lines])
    assert saved.json()["submitResult"]["success"], saved.text
    assert read_header(rest, number)["orderTotal"] == 20 + 4.95  # 2 × 10 + 1.5 × 3 + 0.45 tax
    [stored] = [o for o in qad.state.documents("sales-orders") if o["orderNumber"] == number]
    assert stored["externalRef"] == "WC-shop1-1042"
    assert [(line["itemNumber"], line["discountAmount"]) for line in stored["lines"]] == [(first, "0.00"), (second, "1.50")]


def test_the_item_field_change_defaults_the_unit_and_price_and_a_line_without_it_is_refused(
    rest: TestClient, qad: Sandbox
) -> None:
    """`itemCode`'s field change fills the unit of measure and the currency's list price; a line that skipped it
    has no unit, and the grid refuses it naming `unitOfMeasure`."""
    item = active_items(qad, 1)[0]
    number = create_header(rest, _customer(qad))["salesOrderNumber"]
    initial = rest.get(GRID, params={"initialize": "true", "domainCode": DOMAIN, "salesOrderNumber": number}).json()
    line = {**initial["data"]["salesOrderLines"][0], "salesOrderLine": 1}
    defaulted = change(rest, line, "itemCode", item)
    assert defaulted["unitOfMeasure"] == "EA" and defaulted["listPrice"] > 0
    skipped = {**line, "itemCode": item, "quantityOrdered": 1, "listPrice": 5, "netPrice": 5, "dueDate": "2026-01-09"}
    assert [e["fieldName"] for e in submit_errors(save_lines(rest, [{**skipped, "dataOperation": "C"}]))] == ["unitOfMeasure"]


def test_an_unknown_or_inactive_item_is_refused_at_its_field_change(rest: TestClient, qad: Sandbox) -> None:
    number = create_header(rest, _customer(qad))["salesOrderNumber"]
    qad.state.add_item("OLD-1", "Retired", status="INACTIVE")
    line = {"salesOrderNumber": number, "domainCode": DOMAIN, "salesOrderLine": 1}
    for item in ("NO-SUCH-ITEM", "OLD-1"):
        response = rest.post(FIELD_CHANGE, params={"fieldName": "itemCode", "dataOperation": "CREATE"},
                             json={"salesOrderLines": [{**line, "itemCode": item}]})  # fmt: skip
        assert [e["fieldName"] for e in submit_errors(response)] == ["itemCode"]


def test_a_header_for_an_unknown_customer_is_refused_and_nothing_is_created(rest: TestClient, qad: Sandbox) -> None:
    before = len(qad.state.documents("sales-orders"))
    response = rest.post(HEADERS, params=HEADER_VIEW, json={"salesOrderHeaders": [{
        "dataOperation": "C", "domainCode": DOMAIN, "soldToCustomerCode": "NOBODY", "siteCode": "10-100",
        "currencyCode": "USD", "orderDate": "2026-01-05"}]})  # fmt: skip
    assert [e["fieldName"] for e in submit_errors(response)] == ["soldToCustomerCode"]
    assert len(qad.state.documents("sales-orders")) == before


def test_an_update_with_a_stale_concurrency_hash_is_refused_and_a_fresh_one_applies(rest: TestClient, qad: Sandbox) -> None:
    """An update carries the hash it read; after any other change it is stale and refused, the order unchanged."""
    item = active_items(qad, 1)[0]
    number = create_header(rest, _customer(qad))["salesOrderNumber"]
    read = read_header(rest, number)
    save_lines(rest, [{**new_line(rest, number, 1, item, 1, "3.00"), "dataOperation": "C"}])
    stale = rest.post(HEADERS, params=HEADER_VIEW, json={"salesOrderHeaders": [{**read, "dataOperation": "U", "remarks": "late"}]})
    assert [e["fieldName"] for e in submit_errors(stale)] == ["concurrencyHash"]
    assert read_header(rest, number)["remarks"] == ""
    fresh = {**read_header(rest, number), "dataOperation": "U", "remarks": "late"}
    assert rest.post(HEADERS, params=HEADER_VIEW, json={"salesOrderHeaders": [fresh]}).json()["submitResult"]["success"]
    assert read_header(rest, number)["remarks"] == "late"


def test_lines_change_and_go_with_their_hash_and_a_cancelled_order_takes_no_more_changes(
    rest: TestClient, qad: Sandbox
) -> None:
    first, second = active_items(qad, 2)
    number = create_header(rest, _customer(qad))["salesOrderNumber"]
    save_lines(rest, [{**new_line(rest, number, n, item, 1, "2.00"), "dataOperation": "C"} for n, item in ((1, first), (2, second))])
    saved = rest.get(GRID, params={"domainCode": DOMAIN, "salesOrderNumber": number}).json()["data"]["salesOrderLines"]
    answer = save_lines(rest, [{**saved[0], "dataOperation": "U", "quantityOrdered": 3}, {**saved[1], "dataOperation": "D"}])
    assert answer.json()["submitResult"]["success"], answer.text
    assert read_header(rest, number)["orderTotal"] == 6
    cancel = {**read_header(rest, number), "dataOperation": "U", "orderStatus": "CANCELLED"}
    assert rest.post(HEADERS, params=HEADER_VIEW, json={"salesOrderHeaders": [cancel]}).json()["submitResult"]["success"]
    again = {**read_header(rest, number), "dataOperation": "U", "remarks": "x"}
    assert [e["fieldName"] for e in submit_errors(rest.post(HEADERS, params=HEADER_VIEW, json={"salesOrderHeaders": [again]}))] == ["orderStatus"]


def test_business_documents_need_their_view_uri(rest: TestClient) -> None:
    response = rest.get(HEADERS, params={"domainCode": DOMAIN, "salesOrderNumber": "SO000001"})
    assert response.status_code == 400 and qad_errors(response)[0]["fieldName"] == "viewUri"


def test_an_unknown_order_reads_as_an_empty_list(rest: TestClient) -> None:
    records = rest.get(HEADERS, params={**HEADER_VIEW, "domainCode": DOMAIN, "salesOrderNumber": "SO999999"}).json()
    assert records == {"data": {"supplementaryMessages": [], "salesOrderHeaders": []}}
