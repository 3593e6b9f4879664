"""One live deployment for all live tests (see harness/deployment.py), and the state the tests share on it.

The deployment starts when the first live test needs it and stops after the last one of this folder, also when a
test fails, so the rest of a `make test` session does not share the machine with it; its teardown fails the last
test if any process it started outlived the stop. Process logs, Airflow's task logs and the
UI screenshot are kept in the artifacts folder printed at the start (``.airflow/live`` unless
``ERPLINK_LIVE_ARTIFACTS`` names another).
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.live.harness.airflow_api import AirflowApi
from tests.live.harness.compose import REPO
from tests.live.harness.deployment import Deployment
from tests.live.harness.sandbox_clients import Qad, Store
from tests.live.harness.tenants import POOL_SLOTS
from tests.live.harness.waiting import wait_for

ORDERS_DAG = "erplink__qad_woocommerce__demo__orders"
CATALOG_DAG = "erplink__qad_woocommerce__demo__catalog"
REPLAY_DAG = "erplink__replay"
ACTIVE_RUN_STATES = ("queued", "running")
# A scheduled orders run over the seeded world, and any later run, finishes well within this on two cores.
RUN_TIMEOUT = 240
# pytest-timeout ends a whole session abruptly (no teardown: the watchdog then stops the deployment), so each live
# test gets more time than its own waits, whose deadlines fail it with a message naming what it waited for. The
# first one also starts the deployment.
LIVE_TEST_TIMEOUT = 900


def _artifacts() -> Path:
    return Path(os.environ.get("ERPLINK_LIVE_ARTIFACTS") or REPO / ".airflow" / "live")


def _say(config: pytest.Config, line: str) -> None:
    """Print past pytest's output capture, so the line shows whatever the test outcome."""
    reporter = config.pluginmanager.getplugin("terminalreporter")
    capture = config.pluginmanager.getplugin("capturemanager")
    if reporter is None or capture is None:
        return
    with capture.global_and_fixture_disabled():
        reporter.write_line(line)


@pytest.fixture(scope="package")
def measurements(request: pytest.FixtureRequest) -> Iterator[dict[str, Any]]:
    """Numbers the live tests measure (latencies, durations), written to measurements.json and printed."""
    found: dict[str, Any] = {}
    yield found
    if found:
        path = _artifacts() / "measurements.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(found, indent=2, sort_keys=True) + "\n")
        _say(request.config, f"live measurements ({path}): {json.dumps(found, sort_keys=True)}")


@pytest.fixture(scope="package")
def live(request: pytest.FixtureRequest, measurements: dict[str, Any]) -> Iterator[Deployment]:
    deployment = Deployment(_artifacts())
    _say(request.config, f"\nlive deployment: process logs in {deployment.logs}")
    started = time.monotonic()
    with deployment.started():
        measurements["deployment_start_seconds"] = round(time.monotonic() - started, 1)
        yield deployment
        stopping = time.monotonic()
    measurements["deployment_stop_seconds"] = round(time.monotonic() - stopping, 1)
    assert deployment.leftovers == [], f"processes outlived the deployment's stop (killed now): {deployment.leftovers}"


@pytest.fixture(scope="package")
def api(live: Deployment) -> AirflowApi:
    return live.api


@pytest.fixture(scope="package")
def store(live: Deployment) -> Store:
    return Store(live.sandboxes)


@pytest.fixture(scope="package")
def qad(live: Deployment) -> Qad:
    return Qad(live.sandboxes)


def active_runs(api: AirflowApi, dag_id: str) -> list[dict[str, Any]]:
    return [run for run in api.runs(dag_id) if run["state"] in ACTIVE_RUN_STATES]


def wait_until_idle(api: AirflowApi, dag_id: str, timeout: float = RUN_TIMEOUT) -> None:
    wait_for(f"{dag_id} to have no queued or running run", lambda: not active_runs(api, dag_id), timeout=timeout,
             interval=1, logs=api.logs, describe=lambda: str([(r["dag_run_id"], r["state"])
                                                              for r in active_runs(api, dag_id)]))


@dataclass(frozen=True)
class FirstLoad:
    """The orders DAG's first scheduled run, and the catalog run that asked for the tenant's pool meanwhile."""

    orders_run: dict[str, Any]
    catalog_run: dict[str, Any]
    qad_peak_in_flight: int


@pytest.fixture(scope="package")
def first_load(live: Deployment, api: AirflowApi, qad: Qad, measurements: dict[str, Any]) -> FirstLoad:
    """Unpause the orders DAG and let the scheduler run it; while its order load runs, unpause the catalog DAG too.

    QAD answers each call 150 ms late meanwhile, so calls of tasks running side by side would overlap there: the
    tenant's pool is what keeps them from it. Afterwards the catalog DAG is paused again and the orders DAG stays
    unpaused (webhooks and the hourly schedule start its runs from now on).
    """
    qad.set_faults({"latency_ms": 150})  # also starts a new peak of QAD requests in flight
    try:
        started = time.monotonic()
        api.set_paused(ORDERS_DAG, False)
        [run] = wait_for("the scheduler to create the orders DAG's first run", lambda: api.runs(ORDERS_DAG),
                         timeout=60, logs=api.logs)
        api.wait_for_task(ORDERS_DAG, run["dag_run_id"], "load_orders", {"running", "success", "failed"},
                          timeout=RUN_TIMEOUT)
        api.set_paused(CATALOG_DAG, False)
        [catalog] = wait_for("the scheduler to create the catalog DAG's run", lambda: api.runs(CATALOG_DAG),
                             timeout=60, logs=api.logs)
        orders_run = api.wait_for_run(ORDERS_DAG, run["dag_run_id"], timeout=RUN_TIMEOUT)
        measurements["first_scheduled_run_seconds"] = round(time.monotonic() - started, 1)
        catalog_run = api.wait_for_run(CATALOG_DAG, catalog["dag_run_id"], timeout=RUN_TIMEOUT)
        peak = qad.faults()["concurrency"]["peak"]
    finally:
        qad.clear_faults()
        api.set_paused(CATALOG_DAG, True)
    measurements["qad_peak_in_flight_with_pool"] = {"peak": peak, "pool_slots": POOL_SLOTS}
    return FirstLoad(orders_run, catalog_run, peak)


@pytest.fixture
def orders_dag_idle(first_load: FirstLoad, api: AirflowApi) -> None:
    """The orders DAG is unpaused, has run once, and no run of it is under way (its runs never overlap)."""
    wait_until_idle(api, ORDERS_DAG)
