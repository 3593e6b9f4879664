"""Running again — the next scheduled run, or a backfill over orders already loaded — writes nothing twice."""

from __future__ import annotations

from datetime import datetime

from tests.e2e.checks import (
    duplicated_refs,
    expectation,
    posted_refs,
    qad_creates,
    qad_snapshot,
    qad_writes,
    store_orders_snapshot,
)
from tests.support.integration import Harness


def test_second_run_changes_nothing_and_sends_no_writes(integration, database_url) -> None:
    """On SQLite and on PostgreSQL: after a full run, a second run leaves QAD and the store exactly as they were
    and sends QAD no POST, PATCH or cancel at all."""
    h: Harness = integration(orders=80, skus=40, ledger_url=database_url)
    assert h.run("orders") == "success"
    assert posted_refs(h) == set(expectation(h).sales_orders)
    qad_before, store_before = qad_snapshot(h), store_orders_snapshot(h)
    writes_before = qad_writes(h)

    assert h.run("orders") == "success"

    assert qad_writes(h) == writes_before
    assert qad_snapshot(h) == qad_before
    assert store_orders_snapshot(h) == store_before


def _modified(order: dict) -> str:
    return order["date_modified_gmt"] + "Z"


def _cut(h: Harness, fraction: float) -> str:
    stamps = sorted(_modified(order) for order in h.world.orders)
    return stamps[int(len(stamps) * fraction)]


def test_backfill_first_then_the_schedule_loads_every_order_once(integration) -> None:
    """A backfill of a middle range before any scheduled run must not make the schedule skip older orders:
    a manual range leaves the watermark alone."""
    h: Harness = integration(orders=80, skus=40)
    assert h.run("orders", {"since": _cut(h, 0.4), "until": _cut(h, 0.7)}) == "success"
    partial = posted_refs(h)
    assert 0 < len(partial) < len(expectation(h).sales_orders)

    assert h.run("orders") == "success"

    assert posted_refs(h) == set(expectation(h).sales_orders)
    assert duplicated_refs(h, "sales-orders") == {}


def test_overlapping_backfill_over_loaded_orders_creates_nothing(integration) -> None:
    """After everything is loaded, a backfill whose range covers loaded orders (and overlaps another backfill)
    reads them again and creates no sales order, credit memo or customer."""
    h: Harness = integration(orders=80, skus=40)
    assert h.run("orders") == "success"
    assert h.run("orders", {"since": _cut(h, 0.2), "until": _cut(h, 0.6)}) == "success"
    creates_before, documents_before = qad_creates(h), qad_snapshot(h)

    assert h.run("orders", {"since": _cut(h, 0.4), "until": datetime.now().isoformat() + "Z"}) == "success"

    assert qad_creates(h) == creates_before
    assert qad_snapshot(h) == documents_before
    for entity in ("sales-orders", "credit-memos", "customers"):
        assert duplicated_refs(h, entity) == {}, entity
    assert posted_refs(h) == set(expectation(h).sales_orders)
