"""Once QAD has shipped orders, the store's everyday changes to them (completing, refunding) and on-hold orders
moving to processing need no person: status changes send nothing, refunds become credit memos. A change QAD must
know (here a ship-to address) that reaches a shipped order is held for a person, naming the field, old and new."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from erplink.flows.report import NEEDS_A_PERSON
from tests.e2e.checks import backdate_store_events, qad_writes
from tests.e2e.expectations import order_ref, refund_ref, why_not_postable
from tests.support.integration import INTEGRATION, TENANT, Harness

pytestmark = pytest.mark.slow

HEADER_READ = "GET /clouderp/api/erp/salesOrderHeaders"  # what an update reads first, for the status and hash
HEADER_WRITE = "POST /clouderp/api/erp/salesOrderHeaders"
NEW_CITY = "Capital City"


def _needs_a_person(h: Harness) -> dict[tuple[str, str], str]:
    return {(r.key.entity, r.key.source_id): r.last_error or ""
            for r in h.ledger().records(tenant=TENANT, integration=INTEGRATION, statuses=NEEDS_A_PERSON)}


def _qad_orders(h: Harness) -> dict[int, dict[str, Any]]:
    """QAD's sales orders by store order id."""
    return {int(doc["externalRef"].rsplit("-", 1)[1]): doc for doc in h.qad.documents("sales-orders")}


def _refund(h: Harness, order_id: int, **body: Any) -> dict[str, Any]:
    return h.woo.create_refund(order_id, {"reason": "goodwill", "api_refund": False, **body})


def test_after_qad_ships_status_changes_and_refunds_need_no_person_and_a_new_address_names_its_change(
        integration) -> None:
    """One world, two orders runs: everything below is set up between them and checked after the second."""
    h: Harness = integration(orders=500, skus=200)
    assert h.run("orders") == "success"
    held_before = _needs_a_person(h)
    store = h.woo.docs.orders
    in_qad = _qad_orders(h)
    plain = sorted(order_id for order_id, doc in in_qad.items()
                   if store[order_id]["status"] == "processing" and not store[order_id]["refunds"]
                   and Decimal(store[order_id]["total"]) > 2 and store[order_id]["shipping"]["address_1"])
    shipped, still_open = plain[::2], plain[1::2]  # QAD ships a share of the orders
    for order_id in shipped:
        h.qad.set_order_status(in_qad[order_id]["orderNumber"], "SHIPPED")
    qad_items = {item.item_number for item in h.world.erp_items}
    on_hold = sorted(order_id for order_id, order in store.items()
                     if order["status"] == "on-hold" and why_not_postable(order, qad_items) is None)[:5]
    assert len(shipped) >= 20 and len(still_open) >= 8 and on_hold, "the seeded world has these orders"

    backdate_store_events(h)
    completed = shipped[:8] + still_open[:4]
    for order_id in completed:
        h.woo.update_order(order_id, {"status": "completed"})
    for order_id in on_hold:
        h.woo.update_order(order_id, {"status": "processing"})
    refunds = {order_id: _refund(h, order_id, amount="1.00") for order_id in shipped[8:12] + still_open[4:6]}
    line = store[shipped[12]]["line_items"][0]
    refunds[shipped[12]] = _refund(h, shipped[12], api_restock=True, line_items=[
        {"id": line["id"], "quantity": 1, "refund_total": f"{Decimal(line['total']) / line['quantity']:.2f}"}])
    refunds[shipped[13]] = _refund(h, shipped[13], amount=store[shipped[13]]["total"])  # in full: now "refunded"
    moved = shipped[14]
    old_city = in_qad[moved]["shipTo"]["city"]
    # The whole address, as the order form sends it.
    h.woo.update_order(moved, {"shipping": {**store[moved]["shipping"], "city": NEW_CITY}})
    shipped_in_qad = {order_id: _qad_orders(h)[order_id] for order_id in shipped}
    header_reads_before = h.qad.request_counts().get(HEADER_READ, 0)
    header_writes_before = qad_writes(h).get(HEADER_WRITE, 0)

    assert h.run("orders") == "success"

    needs_a_person = _needs_a_person(h)
    assert set(needs_a_person) - set(held_before) == {("order", str(moved))}, needs_a_person
    reason = needs_a_person[("order", str(moved))]
    assert f"ship-to city: '{old_city}' → '{NEW_CITY}'" in reason, reason
    assert in_qad[moved]["orderNumber"] in reason and "SHIPPED" in reason

    after = _qad_orders(h)
    assert {order_id: after[order_id] for order_id in shipped} == shipped_in_qad, "QAD's shipped orders untouched"
    assert h.qad.request_counts().get(HEADER_READ, 0) - header_reads_before == 1, "only the new address was tried"
    new_orders = set(after) - set(in_qad)
    assert qad_writes(h).get(HEADER_WRITE, 0) - header_writes_before == len(new_orders), "and nothing changed in QAD"
    assert set(on_hold) <= set(after), "on-hold orders moved to processing are sales now"
    memos = {memo["externalRef"]: memo for memo in h.qad.documents("credit-memos")}
    for order_id, refund in refunds.items():
        memo = memos[refund_ref(order_id, refund["id"])]
        assert memo["salesOrder"] == after[order_id]["orderNumber"]
        assert Decimal(memo["amount"]) == Decimal(refund["amount"])
    changed = {str(order_id) for order_id in [*completed, *refunds]}
    assert {r.key.source_id: r.status for r in h.records("order") if r.key.source_id in changed} == \
        dict.fromkeys(changed, "done")
    assert order_ref(moved) == after[moved]["externalRef"]
