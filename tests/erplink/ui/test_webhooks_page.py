"""Webhook health from what is already known: the inbox's counts and last delivery, the receiver's duplicate count,
the last webhook check a task recorded, and each stream's watermark; the store is not called to show it."""

from __future__ import annotations

from datetime import UTC, datetime


from erplink.ui.airflow_side import WebhookCheck
from erplink.ui.app import URL_PREFIX
from tests.erplink.ui.conftest import INTEGRATION, T0, TENANT, Page


def _delivery(page: Page, order_id: int, modified: str) -> None:
    page.ledger.inbox_put(system="woocommerce", tenant=TENANT, topic="order.updated", resource="order",
                          resource_id=str(order_id), modified=modified, payload={"id": order_id}, delivery_id=None,
                          received_at=datetime(2026, 3, 2, 8, order_id, tzinfo=UTC))


def test_the_webhooks_page_shows_inbox_counts_last_delivery_check_and_watermarks(page: Page) -> None:
    # The tenant's store connection does not exist here: a store call would fail the page.
    for order_id in (1, 2, 3):
        _delivery(page, order_id, f"2026-03-02T08:0{order_id}:00")
    page.ledger.inbox_reject(system="woocommerce", tenant=TENANT, body=b"{not json", reason="body is not JSON",
                             received_at=datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    page.ledger.set_watermark(TENANT, INTEGRATION, "woocommerce.orders", T0, ["41", "42"])
    page.airflow.check = WebhookCheck(f"erplink__{INTEGRATION}__{TENANT}__orders", "scheduled__x", T0,
                                      {"checked": True, "healthy": ["order.created", "order.updated"], "reactivated": []})

    html = page.as_user("viewer").get(f"{URL_PREFIX}/t/{TENANT}/webhooks").text

    assert '>accepted</div><div style="font-size:1.4rem">3<' in html
    assert '>rejected (signed, unreadable)</div><div style="font-size:1.4rem">1<' in html
    assert "duplicates (this API server, since it started)</div><div style=\"font-size:1.4rem\">2<" in html
    assert "2026-03-02 09:00:00 UTC" in html  # the newest delivery stored: the rejected one
    assert "body is not JSON" in html
    assert "order.created" in html and 'href="/dags/erplink__qad_woocommerce__acme__orders/runs/scheduled__x"' in html
    assert "woocommerce.orders" in html and "2026-03-01 12:00:00 UTC" in html
