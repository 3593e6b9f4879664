"""The BigCommerce side of a reconciliation against the sandbox: exactly the orders created in the period (its
start included, its end not), each with the total, tax, shipping and currency the store shows and under the
reference the ERP files it by; their refunds with their amounts; a sale (and its refunds) expected in the ERP,
anything else not."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from erplink.systems.bigcommerce.mappings.statuses import status_code
from erplink.systems.bigcommerce.reconcile import store_documents
from tests.erplink.systems.bigcommerce.flow import flow_context
from tests.erplink.systems.bigcommerce.sandbox_store import Clock, hook_on, sandbox

SALES = {"completed", "shipped", "awaiting_fulfillment", "refunded", "partially_refunded"}


def test_the_orders_created_in_the_period_and_their_refunds_with_the_stores_amounts() -> None:
    box = sandbox(Clock(), orders=60)
    records = box.state.records
    live = sorted((r for r in records.orders.values() if not r.archived), key=lambda r: (r.created, r.order_id))
    since, until = live[len(live) // 4].created, live[3 * len(live) // 4].created
    expected = {r.order_id: r for r in live if since <= r.created < until}
    with flow_context(hook_on(box)) as fc:
        documents = store_documents(fc, since, until, sale_statuses=SALES)

    orders = {int(d.source_id): d for d in documents if d.kind == "order"}
    assert set(orders) == set(expected), "the period's start is included, its end is not"
    for order_id, doc in orders.items():
        sold = expected[order_id].document
        assert doc.reference == f"BC-shop1-{order_id}" and doc.label == f"bigcommerce order {order_id}"
        assert doc.currency == sold["currency_code"]
        shown = (sold["total_inc_tax"], sold["total_tax"], sold["shipping_cost_ex_tax"])
        assert (doc.amounts.total, doc.amounts.tax, doc.amounts.shipping) == tuple(map(Decimal, shown))
        assert doc.expected_in_erp == (status_code(sold["status_id"]) in SALES)
    assert any(not d.expected_in_erp for d in orders.values()), "the period holds orders that are no sale"

    refunds = {d.reference: d for d in documents if d.kind == "refund"}
    expected_refunds = [r for r in records.refunds if int(r["order_id"]) in expected]
    assert expected_refunds, "the period holds refunded orders"
    assert set(refunds) == {f"BC-shop1-{r['order_id']}-R{r['id']}" for r in expected_refunds}
    for refund in expected_refunds:
        doc = refunds[f"BC-shop1-{refund['order_id']}-R{refund['id']}"]
        assert doc.source_id == f"{refund['order_id']}-{refund['id']}"
        assert doc.amounts.total == Decimal(str(refund["total_amount"]))
        assert doc.currency == orders[int(refund["order_id"])].currency
        assert doc.expected_in_erp == orders[int(refund["order_id"])].expected_in_erp


def test_a_period_without_orders_gives_no_documents() -> None:
    box = sandbox(Clock(), orders=10)
    newest = max(r.created for r in box.state.records.orders.values())
    with flow_context(hook_on(box)) as fc:
        assert store_documents(fc, newest + timedelta(seconds=1), newest + timedelta(days=1), sale_statuses=SALES) == []
