"""start_sandboxes and `python -m sandbox`: servers, connections and AIRFLOW_CONN_* variables."""

from __future__ import annotations

import json
import threading

import pytest
import requests

from sandbox.__main__ import env_lines, main
from sandbox.runner import start_sandboxes


@pytest.fixture(scope="module")
def running(small_world):
    with start_sandboxes(["woocommerce"], world=small_world) as started:
        yield started


def test_woocommerce_is_served_over_https_and_plain_http(running):
    woo = running.woocommerce
    assert woo.base_url.startswith("https://127.0.0.1:")
    assert woo.http_url.startswith("http://127.0.0.1:")
    ca = running.connections()["erplink_woo_demo"]["extra"]["verify"]
    assert requests.get(f"{woo.base_url}/wp-json/wc/v3", verify=ca, timeout=5).status_code == 200
    assert requests.get(f"{woo.http_url}/wp-json/wc/v3", timeout=5).status_code == 200


def test_connection_follows_the_shared_contract(running):
    conn = running.connections()["erplink_woo_demo"]
    assert conn["conn_type"] == "woocommerce"
    assert conn["host"] == running.woocommerce.base_url
    assert conn["login"].startswith("ck_") and conn["password"].startswith("cs_")
    assert set(conn["extra"]) == {"webhook_secret", "allow_insecure_http", "auth_placement", "timeout", "verify",
                                  "api_path"}
    assert conn["extra"]["api_path"] == "/wp-json/wc/v3"


def test_env_holds_each_connection_as_json(running):
    env = running.env()
    assert json.loads(env["AIRFLOW_CONN_ERPLINK_WOO_DEMO"]) == running.connections()["erplink_woo_demo"]


def test_the_connection_works_against_the_served_store(running):
    conn = running.connections()["erplink_woo_demo"]
    response = requests.get(f"{conn['host']}{conn['extra']['api_path']}/orders", auth=(conn["login"], conn["password"]),
                            verify=conn["extra"]["verify"], timeout=5)
    assert response.status_code == 200


def test_faults_handle_reaches_the_served_app(running):
    woo = running.woocommerce
    woo.faults.set({"status_burst": {"status": 503, "count": 1}})
    try:
        assert requests.get(f"{woo.http_url}/wp-json/wc/v3", timeout=5).status_code == 503
        assert requests.get(f"{woo.http_url}/wp-json/wc/v3", timeout=5).status_code == 200
    finally:
        woo.faults.clear()


def test_latency_option_is_set_on_every_sandbox(small_world):
    with start_sandboxes(["woocommerce"], world=small_world, latency_ms=5) as started:
        assert started.woocommerce.faults.plan.latency_ms == 5


def test_unknown_sandbox_names_are_refused():
    with pytest.raises(ValueError, match="unknown sandbox"):
        start_sandboxes(["magento"])


def test_qad_is_started_through_its_own_package_over_https_with_the_ca_in_its_connections(small_world):
    with start_sandboxes(["qad"], world=small_world) as started:
        assert started.qad.base_url.startswith("https://127.0.0.1:")
        connections = started.connections()
        assert connections["erplink_qad_demo"]["extra"]["verify"] == started.qad.ca_path
        assert "AIRFLOW_CONN_ERPLINK_QAD_DEMO" in started.env()


def test_env_lines_quote_json_for_a_shell():
    assert env_lines({"AIRFLOW_CONN_X": '{"a": "b c"}'}) == ["AIRFLOW_CONN_X='{\"a\": \"b c\"}'"]


def test_cli_prints_connections_and_writes_a_private_env_file(tmp_path, capsys):
    stop = threading.Event()
    stop.set()  # return as soon as the sandboxes are up and printed
    env_file = tmp_path / "sandbox.env"
    main(["--only", "woocommerce", "--orders", "10", "--skus", "10", "--env-file", str(env_file)], stop=stop)
    out = capsys.readouterr().out
    assert "AIRFLOW_CONN_ERPLINK_WOO_DEMO=" in out
    assert env_file.read_text().startswith("AIRFLOW_CONN_ERPLINK_WOO_DEMO=")
    assert env_file.stat().st_mode & 0o077 == 0
