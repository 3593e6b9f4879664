"""Test Connection works where the README promises it: the compose deployment and the demo enable it (Airflow 3
turns it off by default), and with that setting `airflow connections test` reaches the erplink hook's own check."""

from __future__ import annotations

import ast
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from fastapi import FastAPI
from fastapi.responses import JSONResponse

from tests.erplink.webhooks.servers import serve

REPO = Path(__file__).resolve().parents[2]
SETTING = "AIRFLOW__CORE__TEST_CONNECTION"


def _compose_airflow_env() -> dict[str, str]:
    """The environment every Airflow container of the compose file shares (the `x-airflow-common` anchor)."""
    document = yaml.safe_load((REPO / "docker-compose.yaml").read_text())
    return {key: str(value) for key, value in document["x-airflow-common"]["environment"].items()}


def _demo_environment() -> dict[str, str]:
    """The literal settings scripts/demo.py puts into the environment before Airflow is imported."""
    tree = ast.parse((REPO / "scripts" / "demo.py").read_text())
    prepare = next(node for node in ast.walk(tree)
                   if isinstance(node, ast.FunctionDef) and node.name == "_prepare_environment")
    settings: dict[str, str] = {}
    for node in ast.walk(prepare):
        if isinstance(node, ast.Dict):
            settings.update({key.value: value.value for key, value in zip(node.keys, node.values, strict=True)
                             if isinstance(key, ast.Constant) and isinstance(value, ast.Constant)})
    return settings


def test_every_airflow_container_of_the_compose_file_enables_test_connection() -> None:
    assert _compose_airflow_env()[SETTING] == "Enabled"
    services = yaml.safe_load((REPO / "docker-compose.yaml").read_text())["services"]
    for name in ("airflow-apiserver", "airflow-worker", "airflow-scheduler"):
        assert services[name]["environment"][SETTING] == "Enabled", name


def test_the_demo_enables_test_connection() -> None:
    assert _demo_environment()[SETTING] == "Enabled"


STORE_CALLS: list[str] = []


@pytest.fixture(scope="module")
def store_url() -> Iterator[str]:
    """Just enough of a store for the WooCommerce hook's check: one order visible to the key; records each call."""
    app = FastAPI()

    @app.get("/wp-json/wc/v3/orders")
    def orders(per_page: int = 10) -> JSONResponse:
        STORE_CALLS.append(f"GET orders per_page={per_page}")
        return JSONResponse([{"id": 1}], headers={"X-WP-Total": "1"})

    with serve(app) as url:
        yield url


def _connections_test(monkeypatch: pytest.MonkeyPatch, store_url: str, env: dict[str, str]) -> None:
    """`airflow connections test erplink_woo_check` in this process, with ``env`` set."""
    from airflow.cli import cli_parser

    connection = {"conn_type": "woocommerce", "host": store_url, "login": "ck_check", "password": "cs_check",
                  "extra": {"allow_insecure_http": True}}
    monkeypatch.setenv("AIRFLOW_CONN_ERPLINK_WOO_CHECK", json.dumps(connection))
    monkeypatch.setenv("_AIRFLOW_PROCESS_CONTEXT", "client")  # the command sets it; restored after the test
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    STORE_CALLS.clear()
    args = cli_parser.get_parser().parse_args(["connections", "test", "erplink_woo_check"])
    args.func(args)


def test_with_the_compose_setting_connections_test_runs_the_hooks_own_check(monkeypatch, store_url, capsys) -> None:
    _connections_test(monkeypatch, store_url, {SETTING: _compose_airflow_env()[SETTING]})
    assert "Connection success!" in capsys.readouterr().out
    assert STORE_CALLS == ["GET orders per_page=1"], "the WooCommerce hook's own check asked the store"


def test_without_the_setting_airflow_refuses_to_test_any_connection(monkeypatch, store_url, capsys) -> None:
    """Why the setting matters: Airflow 3's default."""
    monkeypatch.delenv(SETTING, raising=False)
    with pytest.raises(SystemExit):
        _connections_test(monkeypatch, store_url, {})
    assert "Testing connections is disabled" in capsys.readouterr().out
    assert STORE_CALLS == []
