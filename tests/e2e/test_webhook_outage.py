"""A store webhook disabled by failed deliveries is found, re-activated and its outage read by the poll: every
order placed while it was down reaches QAD exactly once."""

from __future__ import annotations

import logging

from erplink.cli import main as erplink_command
from tests.e2e.checks import backdate_store_events, duplicated_refs, expectation, place_order, posted_refs
from tests.e2e.expectations import order_ref
from tests.e2e.receiver_host import ReceiverHost
from tests.support.integration import Harness

# WooCommerce disables a webhook on the 7th delivery failure in a row (see sandbox/woocommerce/webhooks.py).
FAILURES_THAT_DISABLE = 7


def _webhook_statuses(h: Harness) -> dict[str, str]:
    assert h.woo.webhooks.wait_idle()
    return {hook["topic"]: hook["status"] for hook in h.woo.summary()["webhooks"]}


def test_disabled_webhooks_are_reactivated_and_orders_placed_during_the_outage_posted_once(
        integration, receiver_host: ReceiverHost, caplog) -> None:
    h: Harness = integration(orders=60, skus=30)
    h.configure(store={"webhook_base_url": receiver_host.url})
    assert h.run("orders") == "success"
    assert erplink_command(["register-webhooks", "--tenant", "demo"]) == 0  # registration is one command
    assert _webhook_statuses(h) == {"order.created": "active", "order.updated": "active"}

    receiver_host.down = True
    backdate_store_events(h)
    skus = [item.item_number for item in h.world.erp_items]
    placed = [place_order(h, email=f"outage{n}@example.com", sku=skus[n])["id"] for n in range(FAILURES_THAT_DISABLE)]
    assert _webhook_statuses(h) == {"order.created": "disabled", "order.updated": "disabled"}
    placed += [place_order(h, email=f"after{n}@example.com", sku=skus[-1 - n])["id"] for n in range(3)]
    receiver_host.down = False

    with caplog.at_level(logging.WARNING, logger="erplink"):
        assert h.run("orders") == "success"

    assert _webhook_statuses(h) == {"order.created": "active", "order.updated": "active"}
    outage = [r.getMessage() for r in caplog.records if "re-activating" in r.getMessage()]
    assert len(outage) == 2 and all("is disabled" in message for message in outage), outage
    assert posted_refs(h) == set(expectation(h).sales_orders) | {order_ref(order_id) for order_id in placed}
    assert duplicated_refs(h, "sales-orders") == {}
