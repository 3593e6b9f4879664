"""The QXtend hook against the QAD sandbox's QXI endpoint: every QDoc the QAD side uses, end to end."""

from __future__ import annotations

import logging
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from sandbox.runner import RunningSandbox

from erplink.http.errors import AuthenticationError, NotFoundError, PermanentApiError, TransientApiError
from erplink.systems.qad.hooks.qad_qxtend import QadQxtendHook
from erplink.systems.qad.qxtend.faults import QdocRefused

Connect = Callable[..., QadQxtendHook]


def _skus(served: RunningSandbox, count: int) -> list[str]:
    return sorted(i["itemNumber"] for i in served.state.documents("items") if i["status"] == "ACTIVE")[:count]


def _list_price(served: RunningSandbox, sku: str) -> str:
    [price] = [p for p in _prices(served) if p["itemNumber"] == sku]
    return str(price["price"])


def _prices(served: RunningSandbox) -> list[dict[str, Any]]:
    with served.state._locked(None) as store:
        return [dict(p) for p in store.price_lists.get("USD", {}).values()]


def _order(served: RunningSandbox, reference: str, skus: list[str], **changes: Any) -> dict[str, Any]:
    customer = served.state.documents("customers")[0]
    return {
        "externalRef": reference, "customerCode": customer["customerCode"], "site": "10-100",
        "currency": customer["currency"], "orderDate": "2026-01-05T10:00:00Z", "customerPo": "1042",
        "shipTo": {"name": "Ada", "line1": "1 Way", "city": "London", "postalCode": "N1", "country": "GB"},
        "lines": [{"line": n, "itemNumber": sku, "quantity": "3", "unitPrice": _list_price(served, sku),
                   "discountAmount": "1.00", "taxAmount": "0.50"} for n, sku in enumerate(skus, start=1)],
        "charges": [{"type": "FREIGHT", "description": "Flat", "amount": "4.00", "taxAmount": "0.40"}],
        "notes": "Leave at the door <&>", **changes,
    }  # fmt: skip


def _stored(served: RunningSandbox, reference: str, entity: str = "sales-orders") -> dict[str, Any]:
    [doc] = [d for d in served.state.documents(entity) if d["externalRef"] == reference]
    return doc


def test_test_connection_signs_in_and_every_query_profile_answers(connect: Connect) -> None:
    ok, message = connect().test_connection()
    assert ok, message


def test_test_connection_names_a_profile_the_receiver_does_not_know(connect: Connect) -> None:
    ok, message = connect(extra={"profiles": {"stock": "QryNope"}}).test_connection()
    assert not ok and "profile stock (QryNope)" in message


def test_a_wrong_password_stops_the_run_as_an_authentication_error_without_the_password(connect: Connect) -> None:
    hook = connect(password="not-the-password-123")
    with pytest.raises(AuthenticationError) as raised:
        list(hook.iter("items"))
    assert "not-the-password-123" not in str(raised.value)


def test_a_sales_order_is_added_with_its_lines_found_by_its_reference_and_read_by_number(
    connect: Connect, served: RunningSandbox
) -> None:
    hook, skus = connect(), _skus(served, 2)
    created = hook.create("sales-orders", _order(served, "WC-qx-1", skus))
    stored = _stored(served, "WC-qx-1")
    assert created["orderNumber"] == stored["orderNumber"] and created["warnings"] == []
    assert [line["itemNumber"] for line in stored["lines"]] == skus
    assert stored["notes"] == "Leave at the door <&>" and stored["shipTo"]["city"] == "London"
    assert hook.find_by_external_ref("sales-orders", "WC-qx-1") == {
        "orderNumber": stored["orderNumber"], "externalRef": "WC-qx-1", "status": "OPEN"}
    order = hook.get("sales-orders", stored["orderNumber"])
    assert (order["externalRef"], order["status"], order["customerCode"]) == ("WC-qx-1", "OPEN", stored["customerCode"])
    assert hook.find_by_external_ref("sales-orders", "WC-qx-none") is None
    with pytest.raises(NotFoundError):
        hook.get("sales-orders", "NOPE1")


def test_an_update_replaces_lines_and_charges_and_a_cancel_cancels(connect: Connect, served: RunningSandbox) -> None:
    hook, skus = connect(), _skus(served, 3)
    number = hook.create("sales-orders", _order(served, "WC-qx-2", skus))["orderNumber"]
    changed = _order(served, "WC-qx-2", skus[:1], charges=[], notes="changed")
    hook.update("sales-orders", number, {k: changed[k] for k in ("lines", "charges", "notes")})
    stored = _stored(served, "WC-qx-2")
    assert [line["itemNumber"] for line in stored["lines"]] == skus[:1]
    assert stored["charges"] == [] and stored["notes"] == "changed"
    hook.cancel_sales_order(number)
    assert _stored(served, "WC-qx-2")["status"] == "CANCELLED"
    assert hook.get("sales-orders", number)["status"] == "CANCELLED"


def test_an_order_qad_moved_on_is_refused_as_the_rest_side_refuses_it(connect: Connect, served: RunningSandbox) -> None:
    hook = connect()
    number = hook.create("sales-orders", _order(served, "WC-qx-3", _skus(served, 1)))["orderNumber"]
    served.state.set_order_status(number, "SHIPPED")
    with pytest.raises(PermanentApiError) as refused:
        hook.update("sales-orders", number, {"notes": "late"})
    assert refused.value.status == 409 and "SHIPPED" in str(refused.value)


def test_an_error_result_is_permanent_and_names_qads_message_field_and_context(
    connect: Connect, served: RunningSandbox
) -> None:
    hook = connect()
    with pytest.raises(QdocRefused) as refused:
        hook.create("sales-orders", _order(served, "WC-qx-4", _skus(served, 1), customerCode="NOBODY"))
    text = str(refused.value)
    assert "Customer NOBODY does not exist" in text and "field soCust" in text and "salesOrder#1" in text
    assert [d for d in served.state.documents("sales-orders") if d["externalRef"] == "WC-qx-4"] == []


def test_a_warning_result_is_a_success_whose_warnings_are_logged_and_kept(
    connect: Connect, served: RunningSandbox, caplog: pytest.LogCaptureFixture
) -> None:
    hook, [sku] = connect(), _skus(served, 1)
    order = _order(served, "WC-qx-5", [sku])
    order["lines"][0]["unitPrice"] = str(Decimal(_list_price(served, sku)) + 1)
    with caplog.at_level(logging.WARNING):
        created = hook.create("sales-orders", order)
    assert _stored(served, "WC-qx-5")["orderNumber"] == created["orderNumber"]
    assert len(created["warnings"]) == 1 and "sodListPr" in created["warnings"][0]
    assert any("with warnings" in r.getMessage() and "sodListPr" in r.getMessage() for r in caplog.records)


def test_a_client_fault_is_permanent_and_not_sent_again(connect: Connect, served: RunningSandbox) -> None:
    hook = connect()
    served.state.inject_qxtend_faults("Client", 1)
    before = served.state.request_counts().get("QDoc queryQryItem", 0)
    with pytest.raises(PermanentApiError) as raised:
        list(hook.iter("items"))
    assert not isinstance(raised.value, TransientApiError) and raised.value.code == "Client"
    assert served.state.request_counts()["QDoc queryQryItem"] == before + 1


def test_a_server_fault_is_retried_even_for_a_write(connect: Connect, served: RunningSandbox) -> None:
    hook = connect()
    served.state.inject_qxtend_faults("Server", 1)
    created = hook.create("sales-orders", _order(served, "WC-qx-6", _skus(served, 1)))
    assert _stored(served, "WC-qx-6")["orderNumber"] == created["orderNumber"]
    assert hook.counter.count("qad", "POST QdocWebService maintainSalesOrder") == 2


def test_customers_are_added_and_found_by_email_and_reference(connect: Connect, served: RunningSandbox) -> None:
    hook = connect()
    created = hook.create("customers", {
        "externalRef": "WC-qx-C1", "name": "Zoë <Q&A> Ltd", "email": "zoe@example.com", "currency": "USD",
        "billTo": {"name": "Zoë", "line1": "1 St", "city": "Austin", "state": "TX", "postalCode": "73301",
                   "country": "US"},
    })  # fmt: skip
    stored = [c for c in served.state.documents("customers") if c["externalRef"] == "WC-qx-C1"]
    assert [c["customerCode"] for c in stored] == [created["customerCode"]]
    assert stored[0]["name"] == "Zoë <Q&A> Ltd"
    assert [c["customerCode"] for c in hook.customers_by_email("ZOE@example.com")] == [created["customerCode"]]
    assert hook.find_by_external_ref("customers", "WC-qx-C1")["customerCode"] == created["customerCode"]


def test_a_credit_memo_is_a_credit_sales_order_filed_against_its_order(
    connect: Connect, served: RunningSandbox
) -> None:
    hook, [sku] = connect(), _skus(served, 1)
    number = hook.create("sales-orders", _order(served, "WC-qx-7", [sku]))["orderNumber"]
    memo = hook.create("credit-memos", {
        "externalRef": "WC-qx-7-R1", "salesOrder": number, "reason": "damaged", "currency": "USD", "amount": "12.00",
        "lines": [{"itemNumber": sku, "quantity": "1", "amount": "9.50", "restock": True}],
    })  # fmt: skip
    stored = _stored(served, "WC-qx-7-R1", "credit-memos")
    assert (stored["creditMemoNumber"], stored["salesOrder"], stored["amount"]) == (memo["creditMemoNumber"], number,
                                                                                     "12.00")  # fmt: skip
    assert stored["lines"] == [{"itemNumber": sku, "quantity": "1", "amount": "9.50", "restock": True}]
    assert hook.find_by_external_ref("credit-memos", "WC-qx-7-R1")["creditMemoNumber"] == memo["creditMemoNumber"]
    assert hook.find_by_external_ref("sales-orders", "WC-qx-7-R1") is None
    memos = {m["externalRef"]: m for m in hook.iter("credit-memos", modifiedSince="2020-01-01T00:00:00Z")}
    assert memos["WC-qx-7-R1"]["amount"] == "12.00" and memos["WC-qx-7-R1"]["salesOrder"] == number


def test_reconciliation_reads_orders_with_their_total(connect: Connect, served: RunningSandbox) -> None:
    hook = connect()
    hook.create("sales-orders", _order(served, "WC-qx-8", _skus(served, 2)))
    orders = {o["externalRef"]: o for o in hook.iter("sales-orders", modifiedSince="2020-01-01T00:00:00Z")}
    assert orders["WC-qx-8"]["orderTotal"] == _stored(served, "WC-qx-8")["orderTotal"]
    assert len(orders["WC-qx-8"]["lines"]) == 2


def test_items_prices_and_stock_match_the_tenants_state(connect: Connect, served: RunningSandbox) -> None:
    hook = connect()
    items = {i["itemNumber"]: i for i in hook.iter("items")}
    assert set(items) == {i["itemNumber"] for i in served.state.documents("items")}
    few = sorted(items)[:3]
    assert set(hook.items_by_numbers([*few, 'NO"SUCH~ITEM'])) == set(few)
    assert {p["itemNumber"]: p["price"] for p in hook.prices("USD")} == {
        p["itemNumber"]: format(Decimal(p["price"]).normalize(), "f") for p in _prices(served)}
    with served.state._locked(None) as store:
        expected = {(b["itemNumber"], b["location"]): b["qtyOnHand"] for b in store.inventory.values()
                    if b["site"] == "10-100"}  # fmt: skip
    assert {(s["itemNumber"], s["location"]): s["qtyOnHand"] for s in hook.inventory("10-100")} == {
        key: format(Decimal(value).normalize(), "f") for key, value in expected.items()}


def test_a_list_that_may_be_cut_at_max_rows_is_refused_not_used_in_part(connect: Connect) -> None:
    """MaxRows 1 leaves no room for a key window of two rows (longer lists are read in windows, test_key_windows)."""
    with pytest.raises(PermanentApiError, match="MaxRows"):
        list(connect(extra={"max_rows": 1}).iter("items"))
