"""Store shoppers become QAD customers one per email, whatever the letter case and however the orders are
spread over the parallel load workers."""

from __future__ import annotations

from tests.e2e.checks import backdate_store_events, place_order, posted_refs
from tests.e2e.expectations import order_ref
from tests.support.integration import Harness

SPELLINGS = ("Case.Shopper@Example.com", "case.shopper@example.com", "CASE.SHOPPER@EXAMPLE.COM",
             "case.Shopper@example.COM")


def test_guest_orders_with_one_email_in_different_cases_share_one_new_qad_customer(integration) -> None:
    h: Harness = integration(orders=20, skus=20)
    assert h.run("orders") == "success"
    backdate_store_events(h)
    sku = h.world.erp_items[0].item_number
    placed = [place_order(h, email=email, sku=sku)["id"] for email in SPELLINGS]
    h.running.qad.faults.set({"latency_ms": 20})  # look-ups slow enough for the workers to overlap

    assert h.run("orders") == "success"

    assert {order_ref(order_id) for order_id in placed} <= posted_refs(h)
    customers = [c for c in h.qad.documents("customers") if (c["email"] or "").lower() == SPELLINGS[1]]
    assert len(customers) == 1, [c["customerCode"] for c in customers]
    codes = {doc["customerCode"] for doc in h.qad.documents("sales-orders")
             if doc["externalRef"] in {order_ref(order_id) for order_id in placed}}
    assert codes == {customers[0]["customerCode"]}
