"""Backfill runs (Airflow run type ``backfill``) read their data interval and never move the watermark; two
backfills over overlapping intervals post each order once, and the schedule afterwards still loads everything.

``dag.test()`` always makes a manual run (it has no run-type argument: ``airflow.models.dagrun.get_or_create_dagrun``
hard-codes ``DagRunType.MANUAL``), and ``airflow backfill create`` needs a running scheduler. So the backfill
runs here drive the orders DAG's own steps in the order its tasks run them, with the arguments its extract task
passes for a run of type ``backfill``: ``order_window(backfill=True)`` over the run's data interval.
"""

from __future__ import annotations

from datetime import datetime

from erplink.config.tenants import load_tenants
from erplink.flows.context import FlowContext
from erplink.integrations.qad_woocommerce.flows import ORDERS_STREAM, extract, load_orders, load_refunds, order_window
from erplink.ledger import AttemptContext
from erplink.windows import parse_timestamp
from tests.e2e.checks import duplicated_refs, expectation, posted_refs, qad_creates
from tests.support.integration import INTEGRATION, TENANT, Harness


def _modified(order: dict) -> datetime:
    return parse_timestamp(order["date_modified_gmt"] + "Z")


def _cut(h: Harness, fraction: float) -> datetime:
    stamps = sorted(_modified(order) for order in h.world.orders)
    return stamps[int(len(stamps) * fraction)]


def _backfill_run(h: Harness, start: datetime, end: datetime, run: int) -> dict:
    """One backfill run of the orders DAG over the data interval [start, end)."""
    fc = FlowContext(tenant=load_tenants().get(TENANT), ledger=h.ledger(),
                     attempt=AttemptContext(run_id=f"backfill__{run}", worker=f"backfill.{run}"))
    window, previous, advance = order_window(fc, params={}, data_interval_start=start, data_interval_end=end,
                                             backfill=True)
    assert (window.start, window.end, previous, advance) == (start, end, None, False)
    summary = extract(fc, window, previous, advance_watermark=advance)
    loaded = load_orders(fc)
    load_refunds(fc)
    return {"extract": summary, "orders": loaded}


def _postable_in(h: Harness, start: datetime, end: datetime) -> set[str]:
    orders = {order["id"]: order for order in h.world.orders}
    return {ref for ref, s in expectation(h).sales_orders.items() if start <= _modified(orders[s.order_id]) < end}


def test_overlapping_backfills_post_each_order_once_and_leave_the_watermark_alone(integration) -> None:
    h: Harness = integration(orders=80, skus=40)
    first, second = (_cut(h, 0.1), _cut(h, 0.6)), (_cut(h, 0.4), _cut(h, 0.9))

    _backfill_run(h, *first, run=1)
    assert posted_refs(h) == _postable_in(h, *first) != set()
    creates_before = qad_creates(h)

    result = _backfill_run(h, *second, run=2)

    assert posted_refs(h) == _postable_in(h, first[0], second[1])
    only_new = _postable_in(h, *second) - _postable_in(h, *first)
    assert result["orders"]["created"] == len(only_new) > 0
    assert result["extract"]["orders_read"] > result["orders"]["created"]  # the overlap was read again
    for entity in ("sales-orders", "credit-memos", "customers"):
        assert duplicated_refs(h, entity) == {}, entity
    assert h.ledger().get_watermark(TENANT, INTEGRATION, ORDERS_STREAM) is None
    assert qad_creates(h) > creates_before

    # The schedule's first run still reaches back its full look-back: nothing before or after the backfills is lost.
    assert h.run("orders") == "success"
    assert posted_refs(h) == set(expectation(h).sales_orders)
    assert duplicated_refs(h, "sales-orders") == {}
