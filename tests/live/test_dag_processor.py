"""The DAG processor parses every DAG file of the deployment: the tenants' DAGs are there, and a broken tenant entry
is an import error naming the entry and the field, without taking the valid tenant's DAGs with it."""

from __future__ import annotations

import pytest

from tests.live.conftest import CATALOG_DAG, LIVE_TEST_TIMEOUT, ORDERS_DAG, REPLAY_DAG
from tests.live.harness.airflow_api import AirflowApi
from tests.live.harness.tenants import BROKEN
from tests.live.harness.waiting import wait_for

pytestmark = [pytest.mark.live, pytest.mark.timeout(LIVE_TEST_TIMEOUT)]
CONFIG_ERROR_DAG = f"erplink__config_error__{BROKEN}"


def _dag_ids(api: AirflowApi) -> set[str]:
    return {dag["dag_id"] for dag in api.get("/api/v2/dags", params={"limit": 100})["dags"]}


def test_every_dag_is_parsed_and_the_broken_entry_is_the_one_import_error(api: AirflowApi) -> None:
    expected = {ORDERS_DAG, CATALOG_DAG, REPLAY_DAG, CONFIG_ERROR_DAG, "erplink__reconcile"}
    found = wait_for(f"the DAG processor to serialize {sorted(expected)}",
                     lambda: expected <= (ids := _dag_ids(api)) and ids, timeout=60, logs=api.logs)
    assert found == expected

    errors = api.get("/api/v2/importErrors")["import_errors"]
    assert [error["filename"] for error in errors] == ["erplink_config_check.py"]
    assert f"tenant entry '{BROKEN}' is invalid: erp: Field required" in errors[0]["stack_trace"]


def test_the_broken_entry_shows_as_a_paused_dag_describing_the_entry_and_the_field(api: AirflowApi) -> None:
    dag = api.get(f"/api/v2/dags/{CONFIG_ERROR_DAG}")
    assert dag["is_paused"] is True
    assert f"'{BROKEN}'" in dag["description"] and "erp" in dag["description"]


def test_the_read_only_user_reads_dags_but_cannot_unpause_one(live) -> None:
    viewer = live.viewer_api()
    assert ORDERS_DAG in {dag["dag_id"] for dag in viewer.get("/api/v2/dags", params={"limit": 100})["dags"]}
    refused = viewer.request("PATCH", f"/api/v2/dags/{CATALOG_DAG}", json={"is_paused": False})
    assert refused.status_code == 403, refused.text
