"""The QAD hook against the QAD sandbox over QAD's REST: every endpoint the QAD side uses, end to end."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from erplink.http.errors import NotFoundError
from erplink.systems.qad.business_documents import SubmitRefused
from erplink.systems.qad.hooks.qad import QadHook
from erplink.systems.qad.mappings.qad_records import new_header
from erplink.systems.qad.sales_order_flow import OrderNotOpen
from sandbox.runner import RunningSandbox

Connect = Callable[..., QadHook]


def _order(served: RunningSandbox, reference: str, skus: list[str], **changes: Any) -> dict[str, Any]:
    customer = served.state.documents("customers")[0]
    return {
        "externalRef": reference, "customerCode": customer["customerCode"], "site": "10-100",
        "currency": customer["currency"], "orderDate": "2026-01-05T10:00:00Z", "customerPo": "1042",
        "shipTo": {"name": "Ada", "line1": "1 Way", "city": "London", "postalCode": "N1", "country": "GB"},
        "lines": [{"line": n, "itemNumber": sku, "quantity": "3", "unitPrice": "10.00", "discountAmount": "1.00",
                   "taxAmount": "0.50"} for n, sku in enumerate(skus, start=1)],
        "charges": [{"type": "FREIGHT", "description": "Flat", "amount": "4.00", "taxAmount": "0.40"}],
        "notes": "Leave at the door", **changes,
    }  # fmt: skip


def _skus(served: RunningSandbox, count: int) -> list[str]:
    return sorted(i["itemNumber"] for i in served.state.documents("items") if i["status"] == "ACTIVE")[:count]


@pytest.mark.parametrize("conn_id", ["qad_rest_oauth", "qad_rest_basic"])
def test_test_connection_signs_in_and_finds_every_document_and_browse(connect: Connect, conn_id: str) -> None:
    ok, message = connect(conn_id).test_connection()
    assert ok, message


def test_test_connection_names_a_wrong_browse_id_and_a_wrong_view_uri(connect: Connect) -> None:
    hook = connect(extra={"browse_ids": {"stock": "urn:browse:mfg:nope"},
                          "view_uris": {"items": "urn:be:com.qad.base.item.INope"}})  # fmt: skip
    ok, message = hook.test_connection()
    assert not ok and "browse stock (urn:browse:mfg:nope)" in message and "entity items" in message


def test_a_foreign_workspace_fails_test_connection_with_qads_403(connect: Connect) -> None:
    ok, message = connect(extra={"workspace": "11CAN_11CANCO"}).test_connection()
    assert not ok and "403" in message and "Access is denied" in message


def test_a_wrong_password_fails_without_echoing_it(connect: Connect) -> None:
    ok, message = connect(password="not-the-password-123").test_connection()
    assert not ok and "not-the-password-123" not in message


def test_a_sales_order_goes_through_header_and_line_flow_and_is_found_by_its_reference(
    connect: Connect, served: RunningSandbox
) -> None:
    hook = connect()
    skus = _skus(served, 2)
    before = served.state.request_counts()
    number = hook.create("sales-orders", _order(served, "WC-t-1", skus))["orderNumber"]
    [stored] = [o for o in served.state.documents("sales-orders") if o["orderNumber"] == number]
    assert stored["externalRef"] == "WC-t-1"
    assert [(line["itemNumber"], line["unitPrice"], line["discountAmount"], line["taxAmount"]) for line in stored["lines"]] == [
        (sku, "10.00", "1.00", "0.50") for sku in skus]
    assert stored["orderTotal"] == "63.40"  # 2 × (30 − 1 + 0.5) + 4 + 0.4
    calls = {k: v - before.get(k, 0) for k, v in served.state.request_counts().items() if v != before.get(k, 0)}
    # item, quantity, list price (the store's, not the price list's) and net price (the discount): the site and the
    # due date QAD already defaulted from the header are not sent again
    assert calls["POST /clouderp/api/erp/salesOrderLines/fieldChange"] == 2 * 4
    assert calls["GET /clouderp/api/erp/salesOrderLinesGrid"] == 2 and calls["POST /clouderp/api/erp/salesOrderLinesGrid"] == 1
    assert hook.find_by_external_ref("sales-orders", "WC-t-1")["orderNumber"] == number
    assert hook.find_by_external_ref("sales-orders", "WC-t-nothing") is None
    got = hook.get("sales-orders", number)
    assert (got["externalRef"], got["status"], got["orderTotal"]) == ("WC-t-1", "OPEN", "63.40")
    with pytest.raises(NotFoundError):
        hook.get("sales-orders", "SO999999")


def test_a_header_left_without_lines_is_completed_not_created_again(connect: Connect, served: RunningSandbox) -> None:
    """A create that stopped after the header: the look-up reports nothing, and the next create adds the lines to
    that header instead of creating a second order."""
    hook = connect()
    order = _order(served, "WC-t-2", _skus(served, 1))
    flow = hook.sales_orders
    [header] = hook.documents.submit("salesOrderHeaders", [new_header(order, hook.domain)])
    assert hook.find_by_external_ref("sales-orders", "WC-t-2") is None
    number = hook.create("sales-orders", order)["orderNumber"]
    assert number == header["salesOrderNumber"] and flow.lines(number)
    assert [o["externalRef"] for o in served.state.documents("sales-orders")].count("WC-t-2") == 1


def test_an_update_replaces_lines_and_charges_and_a_cancelled_order_takes_no_more(connect: Connect, served: RunningSandbox) -> None:
    hook = connect()
    first, second = _skus(served, 2)
    number = hook.create("sales-orders", _order(served, "WC-t-3", [first, second]))["orderNumber"]
    changed = _order(served, "WC-t-3", [first])
    changed["lines"][0]["quantity"] = "5"
    del changed["externalRef"]
    hook.update("sales-orders", number, changed)
    [stored] = [o for o in served.state.documents("sales-orders") if o["orderNumber"] == number]
    assert [(line["itemNumber"], line["quantity"]) for line in stored["lines"]] == [(first, "5")]
    assert stored["externalRef"] == "WC-t-3"
    hook.cancel_sales_order(number)
    with pytest.raises(OrderNotOpen):
        hook.update("sales-orders", number, changed)


def test_an_order_qad_shipped_refuses_changes_as_a_conflict(connect: Connect, served: RunningSandbox) -> None:
    hook = connect()
    order = _order(served, "WC-t-4", _skus(served, 1))
    number = hook.create("sales-orders", order)["orderNumber"]
    served.state.set_order_status(number, "SHIPPED")
    with pytest.raises(OrderNotOpen) as raised:
        hook.update("sales-orders", number, order)
    assert raised.value.status == 409


def test_a_stale_concurrency_hash_is_read_again_once(connect: Connect, served: RunningSandbox) -> None:
    """Someone saves the order between the hook's read and its write: the write is refused for its stale hash,
    and the hook reads the order again and applies the change."""
    hook = connect()
    order = _order(served, "WC-t-5", _skus(served, 1))
    number = hook.create("sales-orders", order)["orderNumber"]
    flow = hook.sales_orders
    stale = flow.header(number)
    hook.update("sales-orders", number, {**order, "notes": "someone else"})
    flow._save_header(number, stale, {"remarks": "mine"})
    assert flow.header(number)["remarks"] == "mine"


def test_an_unknown_item_is_refused_with_qads_field_and_message(connect: Connect, served: RunningSandbox) -> None:
    hook = connect()
    order = _order(served, "WC-t-6", ["NO-SUCH-SKU"])
    with pytest.raises(SubmitRefused) as raised:
        hook.create("sales-orders", order)
    assert "itemCode: Item NO-SUCH-SKU does not exist" in str(raised.value)


def test_a_customer_is_created_as_business_relation_and_customer_and_found_by_email_and_reference(
    connect: Connect, served: RunningSandbox
) -> None:
    hook = connect()
    body = {"externalRef": "WC-t-C9", "name": "Grace Hopper", "email": "Grace@Example.org", "currency": "USD",
            "billTo": {"name": "Grace Hopper", "line1": "1 Navy Way", "city": "Arlington", "country": "US"}}  # fmt: skip
    code = hook.create("customers", body)["customerCode"]
    assert [c["customerCode"] for c in hook.customers_by_email("grace@example.org")] == [code]
    assert hook.find_by_external_ref("customers", "WC-t-C9")["customerCode"] == code
    assert hook.customers_by_email("with,comma@example.org") == []


def test_a_credit_memo_is_created_against_its_order_and_found_by_reference(connect: Connect, served: RunningSandbox) -> None:
    hook = connect()
    sku = _skus(served, 1)[0]
    number = hook.create("sales-orders", _order(served, "WC-t-7", [sku]))["orderNumber"]
    memo = {"externalRef": "WC-t-7-R1", "salesOrder": number, "reason": "Damaged", "currency": "USD",
            "amount": "9.50", "lines": [{"itemNumber": sku, "quantity": "1", "amount": "9.00", "restock": True}]}  # fmt: skip
    created = hook.create("credit-memos", memo)
    assert hook.find_by_external_ref("credit-memos", "WC-t-7-R1")["creditMemoNumber"] == created["creditMemoNumber"]
    with pytest.raises(SubmitRefused):
        hook.create("credit-memos", {**memo, "externalRef": "WC-t-7-R2", "amount": "999.00"})


def test_items_prices_and_stock_come_from_the_browses(connect: Connect, served: RunningSandbox) -> None:
    hook = connect()
    items = list(hook.iter("items"))
    assert len(items) == len(served.state.documents("items"))
    sku = items[0]["itemNumber"]
    assert set(hook.items_by_numbers([sku, "NOPE"])) == {sku}
    served.state.set_price(sku, Decimal("12.34"), price_list="USD", currency="USD")
    assert {p["itemNumber"]: p["price"] for p in hook.prices("USD")}[sku] == "12.34"
    served.state.set_stock(sku, "20-200", "FG", on_hand=Decimal(7), allocated=Decimal(2), committed=Decimal(1))
    [level] = [s for s in hook.inventory("20-200") if s["itemNumber"] == sku and s["location"] == "FG"]
    assert (level["qtyOnHand"], level["qtyAllocated"], level["qtyCommitted"]) == ("7", "2", "1")


def test_an_expired_token_mid_run_is_renewed_and_the_call_goes_through(connect: Connect, served: RunningSandbox) -> None:
    hook = connect()
    assert list(hook.iter("items"))
    served.state.expire_tokens()
    assert list(hook.iter("items"))


def test_a_qad_without_journal_entries_passes_test_connection_and_is_told_what_is_missing(connect: Connect) -> None:
    """Only QAD ↔ BigCommerce posts journal entries: a QAD whose journal document or browse is elsewhere (or absent)
    still serves the other integrations, and the message names what a journal integration would need."""
    hook = connect(extra={"browse_ids": {"journal_entries": "urn:browse:mfg:nojournals"}})
    ok, message = hook.test_connection()
    assert ok, message
    assert "not the journal entries" in message and "urn:browse:mfg:nojournals" in message
