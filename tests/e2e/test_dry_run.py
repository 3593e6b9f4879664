"""dry_run: the orders and catalog DAGs read everything and write nothing — not QAD, not the store, not the
ledger — and the orders dry run names every document the real run then makes: sales orders created, updated and
cancelled, customers and credit memos created, and the markers written back into the store."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from erplink.cli import main as erplink_command
from tests.e2e.checks import (
    backdate_store_events,
    place_order,
    qad_snapshot,
    qad_writes,
    store_catalog_snapshot,
    store_orders_snapshot,
)
from tests.e2e.expectations import order_ref
from tests.e2e.receiver_host import ReceiverHost
from tests.support.integration import DAG_IDS, INTEGRATION, TENANT, Harness

WATERMARK_STREAMS = ("woocommerce.orders", "woocommerce.order_markers")
MARKER_KEY = "_erplink_qad_ref"


def _ledger_snapshot(h: Harness) -> dict:
    ledger = h.ledger()
    return {"records": list(ledger.records(tenant=TENANT)),
            "watermarks": [ledger.get_watermark(TENANT, INTEGRATION, stream) for stream in WATERMARK_STREAMS],
            "inbox": ledger.inbox_stats(tenant=TENANT)}


def _store_snapshot(h: Harness) -> dict:
    return {"orders": store_orders_snapshot(h), "catalog": store_catalog_snapshot(h),
            "webhooks": h.woo.summary()["webhooks"]}


def _dry_run_plan(h: Harness) -> dict[str, Any]:
    """Run the orders DAG with dry_run and return its extract task's XCom (the plan)."""
    from airflow.models.xcom import XComModel
    from airflow.utils.session import create_session

    run = h.dag("orders").test(run_conf={"dry_run": True})
    assert str(getattr(run.state, "value", run.state)) == "success"
    with create_session() as session:
        [row] = session.scalars(XComModel.get_many(run_id=run.run_id, dag_ids=DAG_IDS["orders"],
                                                   task_ids="extract", key="return_value")).all()
        return XComModel.deserialize_value(row)


def _markers(orders: dict[int, dict]) -> dict[int, Any]:
    return {order_id: entry["value"] for order_id, order in orders.items() for entry in order["meta_data"]
            if entry["key"] == MARKER_KEY}


def _header_writes(writes: dict[str, int]) -> int:
    """Sales order headers QAD was sent: one for each create, update and cancellation."""
    return writes.get("POST /clouderp/api/erp/salesOrderHeaders", 0)


def _by_ref(documents: list[dict]) -> dict[str, dict]:
    return {doc["externalRef"]: doc for doc in documents}


def test_dry_runs_write_nothing_and_the_orders_plan_names_every_document_the_real_run_makes(
        integration, receiver_host: ReceiverHost) -> None:
    """Set up so that a real run would do every kind of write: orders to post (with new customers and refunds),
    a change to apply, a cancellation and a trashed order to cancel, a refund of a posted order, a disabled
    webhook to heal, markers to write back, prices and stock to push."""
    h: Harness = integration(orders=60, skus=30)
    h.configure(store={"webhook_base_url": receiver_host.url})
    assert h.run("orders", {"order_ids": [o["id"] for o in h.world.orders[:20]]}) == "success"
    assert erplink_command(["register-webhooks", "--tenant", "demo"]) == 0
    [hook, *_] = h.woo.summary()["webhooks"]
    h.woo.webhooks.update(hook["id"], {"status": "disabled"})
    backdate_store_events(h)
    place_order(h, email="dry.run@example.com", sku=h.world.erp_items[0].item_number)
    posted = [int(doc["externalRef"].rsplit("-", 1)[1]) for doc in h.qad.documents("sales-orders")]
    changed, cancelled, trashed, refunded = [order_id for order_id in posted if not h.woo.docs.refunds.get(order_id)
                                             and float(h.woo.docs.orders[order_id]["total"]) > 1][:4]
    h.woo.update_order(changed, {"customer_note": "leave it with the neighbour"})
    h.woo.update_order(cancelled, {"status": "cancelled"})
    h.woo.orders.delete(trashed, force=False)
    h.woo.create_refund(refunded, {"amount": "1.00", "reason": "goodwill", "api_refund": False})
    h.qad.set_price(h.world.erp_items[1].item_number, Decimal("123.45"), price_list="USD", currency="USD")
    assert h.woo.webhooks.wait_idle()
    qad_before, store_before, ledger_before = qad_snapshot(h), _store_snapshot(h), _ledger_snapshot(h)
    writes_before = qad_writes(h)

    plan = _dry_run_plan(h)
    assert h.run("catalog", {"dry_run": True}) == "success"

    assert h.woo.webhooks.wait_idle()
    assert qad_writes(h) == writes_before
    assert qad_snapshot(h) == qad_before
    assert _store_snapshot(h) == store_before
    assert _ledger_snapshot(h) == ledger_before

    # The real run, right after, does exactly what the plan said.
    assert h.run("orders") == "success"
    qad_after, store_after = qad_snapshot(h), store_orders_snapshot(h)
    before_orders, after_orders = _by_ref(qad_before["sales-orders"]), _by_ref(qad_after["sales-orders"])
    assert set(plan["sales_orders"]["create"]) == set(after_orders) - set(before_orders)
    assert set(plan["sales_orders"]["cancel"]) == {ref for ref, doc in after_orders.items()
                                                   if doc["status"] == "CANCELLED" and ref in before_orders
                                                   and before_orders[ref]["status"] != "CANCELLED"}
    assert {order_ref(cancelled), order_ref(trashed)} <= set(plan["sales_orders"]["cancel"])
    assert order_ref(changed) in plan["sales_orders"]["update"]
    header_writes = _header_writes(qad_writes(h)) - _header_writes(writes_before)
    assert len(plan["sales_orders"]["update"]) == (
        header_writes - len(plan["sales_orders"]["create"]) - len(plan["sales_orders"]["cancel"]))
    new_memos = set(_by_ref(qad_after["credit-memos"])) - set(_by_ref(qad_before["credit-memos"]))
    assert set(plan["credit_memos"]["create"]) == new_memos
    assert any(ref.startswith(order_ref(refunded) + "-R") for ref in plan["credit_memos"]["create"])
    new_customers = set(_by_ref(qad_after["customers"])) - set(_by_ref(qad_before["customers"]))
    assert set(plan["customers"]["create"]) == new_customers and new_customers
    before_marks, after_marks = _markers(store_before["orders"]), _markers(store_after)
    written = {order_id for order_id, value in after_marks.items() if before_marks.get(order_id) != value}
    assert {entry["order_id"] for entry in plan["write_back"]} == written
    for entry in plan["write_back"]:  # a marker of an order already in QAD names its number
        assert entry["value"] == after_marks[entry["order_id"]] or entry["value"].startswith("<new sales order")
