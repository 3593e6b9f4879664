"""A backfill over three hourly intervals (``POST /api/v2/backfills``, which creates it as ``airflow backfill create``
does): three runs, each reading exactly its own interval, and the watermark the regular runs continue from left
where it was."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.live.conftest import LIVE_TEST_TIMEOUT, ORDERS_DAG, RUN_TIMEOUT, FirstLoad, wait_until_idle
from tests.live.harness.airflow_api import AirflowApi
from tests.live.harness.sandbox_clients import Store
from tests.live.harness.waiting import wait_for

pytestmark = [pytest.mark.live, pytest.mark.timeout(LIVE_TEST_TIMEOUT)]
INTERVALS = 3


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _finished_regular_runs(api: AirflowApi) -> list[dict[str, Any]]:
    runs = [run for run in api.runs(ORDERS_DAG) if run["run_type"] != "backfill" and run["state"] == "success"]
    return sorted(runs, key=lambda run: run["end_date"])


@dataclass(frozen=True)
class Backfill:
    runs: list[dict[str, Any]]
    intervals: list[tuple[datetime, datetime]]


@pytest.fixture(scope="module")
def backfill(first_load: FirstLoad, api: AirflowApi) -> Backfill:
    wait_until_idle(api, ORDERS_DAG)
    hour = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    # Logical dates are the intervals' starts, both bounds included. Three hours well before the scheduled runs'
    # (the latest interval, and the next one should the hour turn meanwhile), which a backfill would not repeat.
    first = hour - timedelta(hours=INTERVALS + 3)
    last = first + timedelta(hours=INTERVALS - 1)
    created = api.post("/api/v2/backfills", json={
        "dag_id": ORDERS_DAG, "from_date": first.isoformat(), "to_date": last.isoformat(), "run_backwards": False,
        "dag_run_conf": {}, "reprocess_behavior": "none", "max_active_runs": INTERVALS})

    starts = {first + timedelta(hours=n) for n in range(INTERVALS)}

    def backfill_runs() -> list[dict[str, Any]]:
        return [run for run in api.runs(ORDERS_DAG, run_type="backfill") if _instant(run["logical_date"]) in starts]

    def all_finished() -> list[dict[str, Any]] | None:
        runs = backfill_runs()
        return runs if len(runs) == INTERVALS and all(run["state"] in ("success", "failed") for run in runs) else None

    runs = wait_for(f"backfill {created['id']} to finish its {INTERVALS} runs", all_finished,
                    timeout=2 * RUN_TIMEOUT, interval=2, logs=api.logs,
                    describe=lambda: str([(run["dag_run_id"], run["state"]) for run in backfill_runs()]))
    intervals = [(first + timedelta(hours=n), first + timedelta(hours=n + 1)) for n in range(INTERVALS)]
    return Backfill(sorted(runs, key=lambda run: run["logical_date"]), intervals)


def test_a_backfill_over_three_hourly_intervals_makes_three_runs_each_reading_its_own_interval(
        backfill: Backfill, api: AirflowApi) -> None:
    assert [run["state"] for run in backfill.runs] == ["success"] * INTERVALS, \
        [api.describe_run(ORDERS_DAG, run["dag_run_id"]) for run in backfill.runs]
    read = []
    for run in backfill.runs:
        window = api.xcom(ORDERS_DAG, run["dag_run_id"], "extract")["window"]
        read.append((_instant(window["start"]), _instant(window["end"])))
    assert read == backfill.intervals
    assert [(_instant(r["data_interval_start"]), _instant(r["data_interval_end"])) for r in backfill.runs] == \
        backfill.intervals


def test_the_backfill_leaves_the_watermark_where_the_regular_runs_left_it(backfill: Backfill, api: AirflowApi,
                                                                           store: Store) -> None:
    # A run for chosen orders reports, as its watermark, the one in the ledger, which it does not move.
    check = api.trigger(ORDERS_DAG, {"order_ids": [store.orders()[0]["id"]]})
    checked = api.wait_for_run(ORDERS_DAG, check, timeout=RUN_TIMEOUT)
    assert checked["state"] == "success", api.describe_run(ORDERS_DAG, check)
    # The last regular run before it (scheduled, webhook-triggered or manual; a new hour may have brought one).
    [*_, last_regular] = [run for run in _finished_regular_runs(api) if run["end_date"] < checked["start_date"]]
    left = api.xcom(ORDERS_DAG, last_regular["dag_run_id"], "extract")["watermark"]
    assert left is not None
    assert api.xcom(ORDERS_DAG, check, "extract")["watermark"] == left
