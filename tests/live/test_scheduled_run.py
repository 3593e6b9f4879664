"""Unpaused, the demo tenant's orders DAG is run by the scheduler on its schedule and executed by the Celery
worker; afterwards QAD holds every postable sale order of the store exactly once. The tenant's pool kept the
catalog run that wanted to start meanwhile from adding its QAD calls to the load's."""

from __future__ import annotations

import pytest

from tests.e2e.expectations import SALE_STATUSES, order_ref, why_not_postable
from tests.live.conftest import CATALOG_DAG, LIVE_TEST_TIMEOUT, ORDERS_DAG, FirstLoad
from tests.live.harness.airflow_api import AirflowApi
from tests.live.harness.sandbox_clients import Qad, Store
from tests.live.harness.tenants import POOL_NAME, POOL_SLOTS

pytestmark = [pytest.mark.live, pytest.mark.timeout(LIVE_TEST_TIMEOUT)]


def test_the_scheduler_runs_the_unpaused_orders_dag_on_its_schedule_through_the_celery_worker(
        first_load: FirstLoad, api: AirflowApi) -> None:
    run = first_load.orders_run
    assert run["state"] == "success", api.describe_run(ORDERS_DAG, run["dag_run_id"])
    assert run["run_type"] == "scheduled"
    tasks = api.task_instances(ORDERS_DAG, run["dag_run_id"])
    ran = {task_id: ti for task_id, ti in tasks.items() if ti["state"] == "success"}
    assert {"webhook_health", "extract", "load_orders", "load_refunds", "write_back", "report"} <= set(ran)
    # The Celery worker took each task from the broker's default queue and ran it on its host.
    assert {(ti["queue"], bool(ti["hostname"])) for ti in ran.values()} == {("default", True)}, ran


def test_qad_holds_every_postable_sale_order_of_the_store_exactly_once(first_load: FirstLoad, store: Store,
                                                                       qad: Qad) -> None:
    items = qad.active_items()
    sale_orders = [order for order in store.orders() if order["status"] in SALE_STATUSES]
    postable = {order_ref(order["id"]) for order in sale_orders if why_not_postable(order, items) is None}
    assert postable, "the seeded store has no postable sale order"
    refs = qad.sales_order_refs()
    assert {ref for ref, count in refs.items() if count > 1} == set()
    assert postable <= set(refs)
    assert set(refs) <= {order_ref(order["id"]) for order in sale_orders}, "QAD holds an order that is no sale"


def test_the_tenant_pool_kept_concurrent_qad_calls_within_its_slots(first_load: FirstLoad, api: AirflowApi) -> None:
    pool = api.get(f"/api/v2/pools/{POOL_NAME}")
    assert pool["slots"] == POOL_SLOTS
    assert first_load.catalog_run["state"] == "success"
    [push] = api.task_instances(CATALOG_DAG, first_load.catalog_run["dag_run_id"]).values()
    assert push["pool"] == POOL_NAME
    load = api.task_instances(ORDERS_DAG, first_load.orders_run["dag_run_id"])["load_orders"]
    assert (load["pool"], load["pool_slots"]) == (POOL_NAME, POOL_SLOTS)
    assert 1 <= first_load.qad_peak_in_flight <= POOL_SLOTS
