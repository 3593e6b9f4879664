"""The orders extract stores each order with its credit memo summaries, its credit memos and invoices as records of
their own, and its write-back marker apart; an order the ledger holds at the same updated_at costs no further
request; the watermark moves only over what was read; webhook deliveries name the orders to read."""

from __future__ import annotations

from datetime import timedelta

from erplink.ledger.payloads import UNHASHED
from erplink.systems.adobe_commerce.extract import extract_orders, marker_of, order_key
from erplink.windows import Watermark, Window
from tests.erplink.systems.adobe_commerce.fake_store import NOW, FakeAdobeCommerce, magento_time, make_order
from tests.erplink.systems.adobe_commerce.flow import flow_context, ledger_payloads

WINDOW = Window(None, NOW + timedelta(minutes=1))


def memo(memo_id: int, order_id: int, total: float = 4.5) -> dict:
    return {
        "entity_id": memo_id, "order_id": order_id, "grand_total": total, "created_at": magento_time(NOW),
        "order_currency_code": "USD", "comments": [{"comment": "broken"}],
        "items": [{"entity_id": memo_id * 10, "order_item_id": order_id * 10, "qty": 1, "row_total": total}],
    }  # fmt: skip


def invoice(invoice_id: int, order_id: int, state: int = 2) -> dict:
    return {"entity_id": invoice_id, "order_id": order_id, "state": state, "grand_total": 10, "items": [],
            "created_at": magento_time(NOW), "order_currency_code": "USD"}  # fmt: skip


def marker_comment(text: str, comment_id: int) -> dict:
    return {"entity_id": comment_id, "comment": text, "is_customer_notified": 0, "is_visible_on_front": 0}


def test_an_order_is_stored_with_its_credit_memos_invoices_and_marker_and_without_its_stamp_or_comments(monkeypatch):
    store = FakeAdobeCommerce(
        [
            make_order(100, NOW - timedelta(minutes=5)),
            make_order(101, NOW - timedelta(minutes=4), status_histories=[
                marker_comment("ERP reference: SO-76", 1), marker_comment("Called the shopper", 3),
                marker_comment("ERP reference: SO-77", 2),
            ]),
        ]
    )  # fmt: skip
    store.credit_memos = [memo(5, 100), memo(6, 999)]
    store.invoices = [invoice(8, 100), invoice(9, 101, state=1)]
    with flow_context(store.hook(monkeypatch)) as fc:
        summary = extract_orders(fc, WINDOW)
        orders, refunds, payments = (ledger_payloads(fc, entity) for entity in ("order", "refund", "payment"))
        stamp = fc.ledger.get(order_key(fc, 100)).source_modified
    assert (summary.orders_new, summary.refunds_new, summary.payments_new) == (2, 1, 2)
    assert orders["100"]["refunds"] == [{"id": 5, "grand_total": 4.5, "reason": "broken"}]
    assert "updated_at" not in orders["100"] and "status_histories" not in orders["101"]
    assert stamp == NOW - timedelta(minutes=5)
    assert marker_of(orders["101"]) == "SO-77" and UNHASHED not in orders["100"]
    assert refunds["100-5"]["_order"] == {"id": 100, "currency": "USD"}
    assert payments["100-8"]["_order"] == {"id": 100, "currency": "USD", "method": "checkmo"}
    assert set(payments) == {"100-8", "101-9"}
    assert summary.watermark == Watermark(NOW - timedelta(minutes=4), frozenset({"101"})).to_dict()


def test_an_order_held_at_the_same_updated_at_costs_no_further_request(monkeypatch):
    store = FakeAdobeCommerce([make_order(i, NOW - timedelta(minutes=5)) for i in (100, 101)])
    with flow_context(store.hook(monkeypatch)) as fc:
        extract_orders(fc, WINDOW)
        before = len(store.api.seen)
        again = extract_orders(fc, WINDOW)
    assert again.orders_unchanged == 2 and again.orders_new == again.orders_changed == 0
    assert [s.path.rsplit("/", 1)[-1] for s in store.api.seen[before:]] == ["orders"]  # the list, nothing else


def test_a_credit_memo_arrives_with_its_orders_next_change(monkeypatch):
    store = FakeAdobeCommerce([make_order(100, NOW - timedelta(minutes=5))])
    with flow_context(store.hook(monkeypatch)) as fc:
        extract_orders(fc, WINDOW)
        store.credit_memos = [memo(5, 100)]
        store.orders[100] = {**store.orders[100], "updated_at": magento_time(NOW - timedelta(minutes=1))}
        summary = extract_orders(fc, WINDOW)
        orders = ledger_payloads(fc, "order")
    assert (summary.orders_changed, summary.refunds_new) == (1, 1)
    assert [r["id"] for r in orders["100"]["refunds"]] == [5]


def test_a_comment_added_later_does_not_make_the_order_look_changed(monkeypatch):
    store = FakeAdobeCommerce([make_order(100, NOW - timedelta(minutes=5))])
    with flow_context(store.hook(monkeypatch)) as fc:
        extract_orders(fc, WINDOW)
        store.orders[100] = {
            **store.orders[100], "updated_at": magento_time(NOW - timedelta(minutes=1)),
            "status_histories": [marker_comment("ERP reference: SO-1", 1)],
        }  # fmt: skip
        summary = extract_orders(fc, WINDOW)
    assert summary.orders_changed == 0


def test_orders_named_by_id_are_read_and_the_watermark_stays(monkeypatch):
    store = FakeAdobeCommerce([make_order(i, NOW - timedelta(minutes=5)) for i in (100, 101, 102)])
    previous = Watermark(NOW - timedelta(hours=1))
    with flow_context(store.hook(monkeypatch)) as fc:
        summary = extract_orders(fc, WINDOW, order_ids=[102, 100, 555], previous=previous)
        orders = ledger_payloads(fc, "order")
    assert set(orders) == {"100", "102"}
    assert summary.watermark == previous.to_dict()


def test_webhook_deliveries_name_the_orders_read_and_an_increment_id_is_not_taken_for_an_entity_id(monkeypatch):
    store = FakeAdobeCommerce([make_order(i, NOW - timedelta(days=3)) for i in (7, 100)])
    with flow_context(store.hook(monkeypatch)) as fc:
        for resource, resource_id in (("order", "100"), ("order", "000000007"), ("creditmemo", "5")):
            fc.ledger.inbox_put(
                system="adobe_commerce", tenant=fc.tenant.name, topic="observer.sales_order_save_after",
                resource=resource, resource_id=resource_id, modified=None, payload={}, delivery_id=resource_id,
            )  # fmt: skip
        summary = extract_orders(fc, Window(NOW - timedelta(hours=1), NOW))
        orders = ledger_payloads(fc, "order")
    assert set(orders) == {"100"} and summary.inbox_events == 3
