"""Every DAG file imports cleanly, builds the expected DAGs, and does no network or database I/O at parse time."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import pytest

DAGS = Path(__file__).resolve().parents[2] / "dags"


def _dagbag():
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(DAGS))


def test_dag_files_have_no_import_errors_and_build_the_tenant_dags() -> None:
    bag = _dagbag()
    assert bag.import_errors == {}
    assert {"erplink__qad_woocommerce__demo__orders", "erplink__qad_woocommerce__demo__catalog"} <= set(bag.dag_ids)


def test_parsing_opens_no_socket_and_imports_no_http_or_database_client(monkeypatch: pytest.MonkeyPatch) -> None:
    """A DAG file that called an API or the ledger at import would need a socket (or a DB driver) here."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a DAG file opened a network connection while being parsed")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    heavy = ("erplink.flows", "erplink.hooks", "erplink.ledger", "erplink.http", "requests_oauthlib")
    for name in [m for m in sys.modules if m.startswith(heavy)]:
        monkeypatch.delitem(sys.modules, name)
    bag = _dagbag()
    assert bag.import_errors == {}
    loaded = sorted(m for m in sys.modules if m.startswith(heavy))
    assert loaded == [], f"parsing imported task-time modules: {loaded}"


def test_orders_dag_shape_and_params() -> None:
    dag = _dagbag().dags["erplink__qad_woocommerce__demo__orders"]
    assert dag.max_active_runs == 1
    assert set(dag.task_ids) == {"webhook_health", "extract", "load_orders", "load_refunds", "write_back", "report",
                                 "fail_run_if_a_step_failed"}
    assert set(dag.params.keys()) >= {"since", "until", "order_ids", "dry_run"}
    assert dag.get_task("load_orders").retries >= 1


def test_an_invalid_tenant_entry_becomes_a_failing_stand_in_dag(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bad entry is visible in the UI, names the field, and the valid tenant's DAGs are still built."""
    import yaml

    from erplink.config.tenants import DEFAULT_CONFIG_PATH

    document = yaml.safe_load(DEFAULT_CONFIG_PATH.read_text())
    bad = {**document["tenants"][0], "name": "acme", "erp": {**document["tenants"][0]["erp"], "site": None}}
    document["tenants"].append(bad)
    path = tmp_path / "tenants.yaml"
    path.write_text(yaml.safe_dump(document))
    monkeypatch.setenv("ERPLINK_CONFIG", str(path))

    from erplink.dagfactory.build import build_all

    dags = build_all()
    assert "erplink__qad_woocommerce__demo__orders" in dags
    stand_in = dags["erplink__config_error__acme"]
    assert "erp.site" in stand_in.description


def test_retry_delay_follows_the_setting_at_each_parse_not_the_first_import(monkeypatch: pytest.MonkeyPatch) -> None:
    """A parser that imported the factory once must still see a changed ERPLINK_RETRY_DELAY_SECONDS."""
    monkeypatch.setenv("ERPLINK_RETRY_DELAY_SECONDS", "60")
    first = _dagbag().dags["erplink__qad_woocommerce__demo__orders"]
    monkeypatch.setenv("ERPLINK_RETRY_DELAY_SECONDS", "2")
    second = _dagbag().dags["erplink__qad_woocommerce__demo__orders"]
    assert first.get_task("extract").retry_delay.total_seconds() == 60
    assert second.get_task("extract").retry_delay.total_seconds() == 2


def test_the_bigcommerce_orders_dag_posts_payments_between_sales_and_refunds_and_any_failed_load_fails_the_run():
    dag = _dagbag().dags["erplink__qad_bigcommerce__demo_bigcommerce__orders"]
    upstream = {task.task_id: task.upstream_task_ids for task in dag.tasks}
    assert upstream["load_payments"] == {"load_orders"} and upstream["load_refunds"] == {"load_payments"}
    assert {"load_orders", "load_payments", "load_refunds"} <= upstream["fail_run_if_a_step_failed"]
