"""Draining a tenant's inbox: events that carry no order to ingest are marked done, and said so in the log."""

from __future__ import annotations

import logging

from erplink.config.tenants import load_tenants
from erplink.flows.context import FlowContext
from erplink.systems.woocommerce.extract import ExtractSummary, drain_inbox
from erplink.ledger import AttemptContext, Ledger


def _put(ledger: Ledger, topic: str, resource_id: str, payload: dict) -> None:
    ledger.inbox_put(system="woocommerce", tenant="demo", topic=topic, resource=topic.split(".")[0],
                     resource_id=resource_id, modified="2026-03-01T10:00:00", payload=payload, delivery_id=None)


def test_skipped_events_are_logged_by_kind_and_count(sqlite_ledger: Ledger, caplog) -> None:
    _put(sqlite_ledger, "order.deleted", "5", {"id": 5})
    _put(sqlite_ledger, "product.updated", "11", {"id": 11, "sku": "A"})
    _put(sqlite_ledger, "product.updated", "12", {"id": 12, "sku": "B"})
    fc = FlowContext(tenant=load_tenants().get("demo"), ledger=sqlite_ledger, attempt=AttemptContext(worker="test"))
    summary = ExtractSummary()
    with caplog.at_level(logging.INFO, logger="erplink.flows"):
        drain_inbox(fc, summary)
    assert summary.inbox_events == 3
    assert sqlite_ledger.inbox_pending(system="woocommerce", tenant="demo") == []
    logged = [r.getMessage() for r in caplog.records if r.name == "erplink.flows"]
    assert "inbox: skipped 1 order.deleted event(s) that carry no order to ingest" in logged
    assert "inbox: skipped 2 product.updated event(s) that carry no order to ingest" in logged
