"""The Celery worker killed with SIGKILL in the middle of an order load, and started again: the scheduler notices the
task stopped heartbeating, its retry runs on the new worker, and QAD ends with every order once (none twice,
none missing)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import pytest

from tests.e2e.expectations import order_ref
from tests.live.conftest import LIVE_TEST_TIMEOUT, ORDERS_DAG, RUN_TIMEOUT, FirstLoad, wait_until_idle
from tests.live.harness.airflow_api import AirflowApi
from tests.live.harness.deployment import Deployment
from tests.live.harness.sandbox_clients import Qad, Store
from tests.live.harness.waiting import wait_for

pytestmark = [pytest.mark.live, pytest.mark.timeout(LIVE_TEST_TIMEOUT)]
NEW_ORDERS = 12
# Each QAD call answers this late while the load runs, so the load lasts long enough to be caught in the middle.
QAD_LATENCY_MS = 400


@dataclass(frozen=True)
class Crash:
    run_id: str
    refs: list[str]
    posted_when_killed: int
    run: dict[str, Any]


@pytest.fixture(scope="module")
def crash(first_load: FirstLoad, live: Deployment, api: AirflowApi, store: Store, qad: Qad,
          measurements: dict[str, Any]) -> Crash:
    wait_until_idle(api, ORDERS_DAG)
    sku = sorted(store.skus() & qad.active_items())[1]
    orders = [store.place_order(sku=sku, email=f"crash.buyer{n}@example.com") for n in range(NEW_ORDERS)]
    refs = [order_ref(order["id"]) for order in orders]

    def posted() -> int:
        found = qad.sales_order_refs()
        return sum(1 for ref in refs if found[ref])

    qad.set_faults({"latency_ms": QAD_LATENCY_MS})
    try:
        run_id = api.trigger(ORDERS_DAG, {"order_ids": [order["id"] for order in orders]})
        wait_for("the order load to post its first order to QAD", posted, timeout=RUN_TIMEOUT, interval=0.2,
                 logs=[*api.logs], describe=lambda: api.describe_run(ORDERS_DAG, run_id))
        live.kill_worker()
        posted_when_killed = posted()
        killed_at = time.monotonic()
    finally:
        qad.clear_faults()
    live.start_worker()
    run = api.wait_for_run(ORDERS_DAG, run_id, timeout=RUN_TIMEOUT)
    measurements["worker_crash"] = {"orders": NEW_ORDERS, "posted_when_killed": posted_when_killed,
                                    "kill_to_run_end_seconds": round(time.monotonic() - killed_at, 1)}
    return Crash(run_id, refs, posted_when_killed, run)


def test_the_worker_was_killed_in_the_middle_of_the_load(crash: Crash) -> None:
    assert 1 <= crash.posted_when_killed < len(crash.refs)


def test_the_killed_load_is_retried_on_the_restarted_worker_and_the_run_succeeds(crash: Crash,
                                                                                api: AirflowApi) -> None:
    assert crash.run["state"] == "success", api.describe_run(ORDERS_DAG, crash.run_id)
    tries = api.task_tries(ORDERS_DAG, crash.run_id, "load_orders")
    assert len(tries) >= 2, tries
    assert tries[-1]["state"] == "success"


def test_qad_holds_every_order_of_the_killed_load_exactly_once(crash: Crash, qad: Qad) -> None:
    found = qad.sales_order_refs()
    assert {ref: found[ref] for ref in crash.refs} == {ref: 1 for ref in crash.refs}
