"""dry_run: the orders and catalog DAGs read everything and write nothing — not QAD, not the store, not the
ledger."""

from __future__ import annotations

from decimal import Decimal

from erplink.cli import main as erplink_command
from tests.e2e.checks import (
    backdate_store_events,
    place_order,
    qad_snapshot,
    qad_writes,
    store_catalog_snapshot,
    store_orders_snapshot,
)
from tests.e2e.receiver_host import ReceiverHost
from tests.support.integration import INTEGRATION, TENANT, Harness

WATERMARK_STREAMS = ("woocommerce.orders", "woocommerce.order_markers")


def _ledger_snapshot(h: Harness) -> dict:
    ledger = h.ledger()
    return {"records": list(ledger.records(tenant=TENANT)),
            "watermarks": [ledger.get_watermark(TENANT, INTEGRATION, stream) for stream in WATERMARK_STREAMS],
            "inbox": ledger.inbox_stats(tenant=TENANT)}


def _store_snapshot(h: Harness) -> dict:
    return {"orders": store_orders_snapshot(h), "catalog": store_catalog_snapshot(h),
            "webhooks": h.woo.summary()["webhooks"]}


def test_dry_runs_write_nothing_to_qad_the_store_or_the_ledger(integration, receiver_host: ReceiverHost) -> None:
    """Set up so that a real run would do every kind of write: orders to post, a cancellation to apply, a
    disabled webhook to heal, markers to write back, prices and stock to push."""
    h: Harness = integration(orders=60, skus=30)
    h.configure(store={"webhook_base_url": receiver_host.url})
    assert h.run("orders", {"order_ids": [o["id"] for o in h.world.orders[:20]]}) == "success"
    assert erplink_command(["register-webhooks", "--tenant", "demo"]) == 0
    [hook, *_] = h.woo.summary()["webhooks"]
    h.woo.webhooks.update(hook["id"], {"status": "disabled"})
    backdate_store_events(h)
    place_order(h, email="dry.run@example.com", sku=h.world.erp_items[0].item_number)
    posted = h.qad.documents("sales-orders")[0]
    h.woo.update_order(int(posted["customerPo"]), {"status": "cancelled"})
    h.qad.set_price(h.world.erp_items[1].item_number, Decimal("123.45"), price_list="USD", currency="USD")
    assert h.woo.webhooks.wait_idle()
    qad_before, store_before, ledger_before = qad_snapshot(h), _store_snapshot(h), _ledger_snapshot(h)
    writes_before = qad_writes(h)

    assert h.run("orders", {"dry_run": True}) == "success"
    assert h.run("catalog", {"dry_run": True}) == "success"

    assert h.woo.webhooks.wait_idle()
    assert qad_writes(h) == writes_before
    assert qad_snapshot(h) == qad_before
    assert _store_snapshot(h) == store_before
    assert _ledger_snapshot(h) == ledger_before
