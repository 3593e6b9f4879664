"""A store webhook disabled by failed deliveries is found, re-activated and its outage read by the poll: every
order placed while it was down reaches QAD exactly once, even orders whose stamps lie behind the watermark (late
commits), which only the window reaching back to the start of the outage finds."""

from __future__ import annotations

import logging
import time
from datetime import timedelta
from typing import Any

from erplink.cli import main as erplink_command
from erplink.integrations.qad_woocommerce.flows import ORDERS_STREAM
from erplink.windows import parse_timestamp
from tests.e2e.checks import duplicated_refs, expectation, place_order, posted_refs
from tests.e2e.expectations import order_ref
from tests.e2e.receiver_host import ReceiverHost
from tests.support.integration import INTEGRATION, TENANT, Harness

# WooCommerce disables a webhook on the 7th delivery failure in a row (see sandbox/woocommerce/webhooks.py).
FAILURES_THAT_DISABLE = 7
ACTIVE = {"order.created": "active", "order.updated": "active", "order.deleted": "active"}


def _webhook_statuses(h: Harness) -> dict[str, str]:
    assert h.woo.webhooks.wait_idle()
    return {hook["topic"]: hook["status"] for hook in h.woo.summary()["webhooks"]}


def test_disabled_webhooks_are_reactivated_and_orders_placed_during_the_outage_posted_once(
        integration, receiver_host: ReceiverHost, caplog) -> None:
    h: Harness = integration(orders=60, skus=30)
    h.configure(store={"webhook_base_url": receiver_host.url})
    # The store's stamps run steadily behind ours (what it changes now is for the next run), and each order of the
    # outage gets a second of its own: a window starting at the failure that disabled the webhook misses the six
    # before it.
    behind = [600.0]
    h.woo.docs.clock = lambda: time.time() - behind[0]
    assert erplink_command(["register-webhooks", "--tenant", "demo"]) == 0  # registration is one command
    assert _webhook_statuses(h) == ACTIVE
    assert h.run("orders") == "success"

    receiver_host.down = True
    skus = [item.item_number for item in h.world.erp_items]
    placed = [_later(behind, place_order, h, email=f"outage{n}@example.com", sku=skus[n])["id"]
              for n in range(FAILURES_THAT_DISABLE)]
    assert _webhook_statuses(h) == {**ACTIVE, "order.created": "disabled", "order.updated": "disabled"}
    placed += [_later(behind, place_order, h, email=f"after{n}@example.com", sku=skus[-1 - n])["id"]
               for n in range(3)]
    receiver_host.down = False
    # The watermark has already passed the outage's orders, as when their commits land late: the regular window
    # (watermark minus the overlap) does not reach them, only the one reaching back to the outage does.
    latest = max(parse_timestamp(h.woo.docs.orders[order_id]["date_modified_gmt"] + "Z") for order_id in placed)
    overlap = timedelta(minutes=_overlap_minutes())
    h.ledger().set_watermark(TENANT, INTEGRATION, ORDERS_STREAM, latest + overlap + timedelta(minutes=1))

    with caplog.at_level(logging.WARNING, logger="erplink"):
        assert h.run("orders") == "success"

    assert _webhook_statuses(h) == ACTIVE
    outage = [r.getMessage() for r in caplog.records if "re-activating" in r.getMessage()]
    assert len(outage) == 2 and all("is disabled" in message for message in outage), outage
    assert posted_refs(h) == set(expectation(h).sales_orders) | {order_ref(order_id) for order_id in placed}
    assert duplicated_refs(h, "sales-orders") == {}


def _later(behind: list[float], act: Any, *args: Any, **kwargs: Any) -> Any:
    behind[0] -= 20
    return act(*args, **kwargs)


def _overlap_minutes() -> int:
    from erplink.config.tenants import load_tenants

    return load_tenants().get(TENANT).orders.overlap_minutes
