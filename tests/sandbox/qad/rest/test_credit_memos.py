"""Credit memos (an assumed QAD entity): against an existing, not cancelled order, in its currency, for items on
it and never more than is left to credit; found again by reference through their browse."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from sandbox import Sandbox
from tests.sandbox.qad.documents import active_items, first_customer
from tests.sandbox.qad.rest.conftest import DOMAIN, submit_errors
from tests.sandbox.qad.rest.flow import HEADER_VIEW, HEADERS, create_header, new_line, read_header, save_lines
from tests.sandbox.qad.rest.test_browses import browse

MEMOS = "/api/erp/creditMemos"
MEMO_VIEW = {"viewUri": "urn:be:com.qad.sales.creditmemo.ICreditMemo"}


def _order(rest: TestClient, qad: Sandbox) -> tuple[str, str]:
    """An order of 2 × 10.00 of one item: total 20.00."""
    item = active_items(qad, 1)[0]
    number = create_header(rest, first_customer(qad), currencyCode="USD")["salesOrderNumber"]
    assert save_lines(rest, [{**new_line(rest, number, 1, item, 2, "10.00"), "dataOperation": "C"}]).json()["submitResult"]["success"]
    return number, item


def _memo(number: str, item: str, **changes: Any) -> dict[str, Any]:
    return {"creditMemos": [{"dataOperation": "C", "domainCode": DOMAIN, "reference": "WC-shop1-1042-R1",
                             "salesOrderNumber": number, "currencyCode": "USD", "amount": 10,
                             "creditMemoLines": [{"itemCode": item, "quantity": 1, "amount": 10, "restock": True}],
                             **changes}]}  # fmt: skip


def test_a_credit_memo_is_saved_and_found_by_its_reference(rest: TestClient, qad: Sandbox) -> None:
    number, item = _order(rest, qad)
    saved = rest.post(MEMOS, params=MEMO_VIEW, json=_memo(number, item)).json()
    assert saved["submitResult"]["success"], saved
    [row] = browse(rest, "urn:browse:bebrowse:com.qad.erp.sales.creditMemos",
                   "creditMemo.reference,eq,WC-shop1-1042-R1,literal")["data"]
    assert row["creditMemo.creditMemoNumber"] == saved["data"]["creditMemos"][0]["creditMemoNumber"]


def test_more_than_is_left_to_credit_an_item_not_on_the_order_or_another_currency_is_refused(
    rest: TestClient, qad: Sandbox
) -> None:
    number, item = _order(rest, qad)
    assert rest.post(MEMOS, params=MEMO_VIEW, json=_memo(number, item, amount=15)).json()["submitResult"]["success"]
    over = rest.post(MEMOS, params=MEMO_VIEW, json=_memo(number, item, reference="R2", amount=6, creditMemoLines=[]))
    assert [e["fieldName"] for e in submit_errors(over)] == ["amount"]
    other = active_items(qad, 2)[1]
    wrong_item = rest.post(MEMOS, params=MEMO_VIEW, json=_memo(number, other, reference="R3", amount=1))
    assert [e["fieldName"] for e in submit_errors(wrong_item)] == ["creditMemoLines"]
    wrong_currency = rest.post(MEMOS, params=MEMO_VIEW, json=_memo(number, item, reference="R4", amount=1, currencyCode="EUR"))
    assert [e["fieldName"] for e in submit_errors(wrong_currency)] == ["currencyCode"]


def test_a_cancelled_order_takes_no_credit_memo(rest: TestClient, qad: Sandbox) -> None:
    number, item = _order(rest, qad)
    cancel = {**read_header(rest, number), "dataOperation": "U", "orderStatus": "CANCELLED"}
    assert rest.post(HEADERS, params=HEADER_VIEW, json={"salesOrderHeaders": [cancel]}).json()["submitResult"]["success"]
    refused = rest.post(MEMOS, params=MEMO_VIEW, json=_memo(number, item))
    assert [e["fieldName"] for e in submit_errors(refused)] == ["salesOrderNumber"]
