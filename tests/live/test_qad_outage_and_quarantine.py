"""QAD down: the order load goes up for retry and succeeds on a later try once QAD is back. An order held back for a
SKU QAD lacks is posted exactly once after the item is added and the order replayed, and clearing the load task
through the REST API afterwards posts nothing twice."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.e2e.expectations import order_ref
from tests.live.conftest import LIVE_TEST_TIMEOUT, ORDERS_DAG, REPLAY_DAG, RUN_TIMEOUT, FirstLoad, wait_until_idle
from tests.live.harness.airflow_api import AirflowApi
from tests.live.harness.sandbox_clients import Qad, Store
from tests.live.harness.tenants import DEMO

pytestmark = [pytest.mark.live, pytest.mark.timeout(LIVE_TEST_TIMEOUT)]
QAD_DOWN = {"status_burst": {"status": 503, "count": 1_000_000, "path_prefix": "/tenants/"}}


@dataclass(frozen=True)
class Outage:
    run_id: str
    plain_order: int
    held_order: int
    missing_sku: str
    seen_while_down: dict[str, Any]
    run: dict[str, Any]


@pytest.fixture(scope="module")
def outage(first_load: FirstLoad, api: AirflowApi, store: Store, qad: Qad) -> Outage:
    """Two new orders, one of them for a SKU QAD lacks, loaded by a manual run while QAD answers 503."""
    wait_until_idle(api, ORDERS_DAG)
    items, skus = qad.active_items(), store.skus()
    missing = sorted(skus - items)
    assert missing, "the seeded store sells no SKU QAD lacks"
    plain = store.place_order(sku=sorted(skus & items)[0], email="outage.buyer@example.com")
    held = store.place_order(sku=missing[0], email="held.buyer@example.com")
    qad.set_faults(QAD_DOWN)
    try:
        run_id = api.trigger(ORDERS_DAG, {"order_ids": [plain["id"], held["id"]]})
        seen = api.wait_for_task(ORDERS_DAG, run_id, "load_orders", {"up_for_retry"}, timeout=RUN_TIMEOUT,
                                 interval=0.25)
    finally:
        qad.clear_faults()
    run = api.wait_for_run(ORDERS_DAG, run_id, timeout=RUN_TIMEOUT)
    return Outage(run_id, plain["id"], held["id"], missing[0], seen, run)


def test_the_load_task_goes_up_for_retry_while_qad_is_down_and_succeeds_once_it_is_back(
        outage: Outage, api: AirflowApi, qad: Qad) -> None:
    assert outage.seen_while_down["state"] == "up_for_retry"
    assert outage.run["state"] == "success", api.describe_run(ORDERS_DAG, outage.run_id)
    tries = api.task_tries(ORDERS_DAG, outage.run_id, "load_orders")
    assert [t["state"] for t in tries][-1] == "success"
    assert len(tries) >= 2
    assert qad.sales_order_refs()[order_ref(outage.plain_order)] == 1


def test_an_order_held_for_a_missing_sku_is_posted_once_after_the_sku_is_added_and_it_is_replayed(
        outage: Outage, api: AirflowApi, qad: Qad) -> None:
    load = api.xcom(ORDERS_DAG, outage.run_id, "load_orders")
    [reason] = [error for error in load["errors"] if f"order {outage.held_order} " in error]
    assert outage.missing_sku in reason
    assert qad.sales_order_refs()[order_ref(outage.held_order)] == 0

    qad.add_item(outage.missing_sku)
    api.set_paused(REPLAY_DAG, False)
    try:
        replay = api.trigger(REPLAY_DAG, {"tenant": DEMO, "entity": "order", "source_ids": [str(outage.held_order)],
                                          "statuses": ["quarantined"]})
        assert api.wait_for_run(REPLAY_DAG, replay, timeout=RUN_TIMEOUT)["state"] == "success", \
            api.describe_run(REPLAY_DAG, replay)
    finally:
        api.set_paused(REPLAY_DAG, True)
    assert qad.sales_order_refs()[order_ref(outage.held_order)] == 1

    # Clearing the load task of the run that held the order back loads the tenant's pending orders again.
    tries_before = api.task_instances(ORDERS_DAG, outage.run_id)["load_orders"]["try_number"]
    api.clear_task(ORDERS_DAG, outage.run_id, ["load_orders"])
    cleared = api.wait_for_new_try(ORDERS_DAG, outage.run_id, "load_orders", after_try=tries_before,
                                   timeout=RUN_TIMEOUT)
    assert cleared["state"] == "success", api.describe_run(ORDERS_DAG, outage.run_id)
    assert api.wait_for_run(ORDERS_DAG, outage.run_id, timeout=RUN_TIMEOUT)["state"] == "success"
    refs = qad.sales_order_refs()
    assert (refs[order_ref(outage.held_order)], refs[order_ref(outage.plain_order)]) == (1, 1)
