"""Served over HTTPS by the runner beside the other sandboxes, reached with the Airflow connection it hands out."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import requests
from sandbox.acumatica import CONN_ID
from sandbox.runner import RunningSandboxes, start_sandboxes
from sandbox.seed import World

TIMEOUT_S = 10


@pytest.fixture(scope="module")
def running(world: World) -> Iterator[RunningSandboxes]:
    with start_sandboxes(["woocommerce", "qad", "acumatica"], world=world) as started:
        yield started


def test_the_connection_carries_what_the_hook_reads(running: RunningSandboxes) -> None:
    acumatica = running["acumatica"]
    conn = running.connections()[CONN_ID]
    assert conn["conn_type"] == "acumatica"
    assert conn["host"] == f"{acumatica.base_url}/AcumaticaERP" and conn["host"].startswith("https://127.0.0.1:")
    extra = conn["extra"]
    assert extra["auth_mode"] == "oauth2_password"
    assert (extra["endpoint_name"], extra["endpoint_version"]) == ("Default", "24.200.001")
    assert extra["client_id"].endswith("@Company") and extra["tenant"] == "Company"
    assert extra["verify"] == acumatica.ca_path
    assert json.loads(running.env()[f"AIRFLOW_CONN_{CONN_ID.upper()}"]) == conn


def test_a_token_from_the_connection_reads_stock_items_over_https(running: RunningSandboxes) -> None:
    conn = running.connections()[CONN_ID]
    extra = conn["extra"]
    token = requests.post(f"{conn['host']}/identity/connect/token", verify=extra["verify"], timeout=TIMEOUT_S, data={
        "grant_type": "password", "client_id": extra["client_id"], "client_secret": extra["client_secret"],
        "username": conn["login"], "password": conn["password"], "scope": extra["scope"]})
    assert token.status_code == 200
    items = requests.get(f"{conn['host']}/entity/{extra['endpoint_name']}/{extra['endpoint_version']}/StockItem",
                         params={"$top": 1, "$select": "InventoryID"}, verify=extra["verify"], timeout=TIMEOUT_S,
                         headers={"Authorization": f"Bearer {token.json()['access_token']}"})
    assert items.status_code == 200 and len(items.json()) == 1


def test_a_cookie_login_over_https_keeps_its_session(running: RunningSandboxes) -> None:
    conn = running.connections()[CONN_ID]
    # `verify` goes on each call: requests lets REQUESTS_CA_BUNDLE override a Session-level `verify`.
    verify = conn["extra"]["verify"]
    with requests.Session() as session:
        login = session.post(f"{conn['host']}/entity/auth/login", timeout=TIMEOUT_S, verify=verify,
                             json={"name": conn["login"], "password": conn["password"],
                                   "tenant": conn["extra"]["tenant"], "branch": conn["extra"]["branch"]})
        assert login.status_code == 204
        read = session.get(f"{conn['host']}/entity/Default/24.200.001/Customer", timeout=TIMEOUT_S,
                           verify=verify, params={"$top": 1})
        assert read.status_code == 200
        logout = session.post(f"{conn['host']}/entity/auth/logout", timeout=TIMEOUT_S, verify=verify)
        assert logout.status_code == 204
    assert "cookie" not in [s["kind"] for s in running["acumatica"].state.open_sessions()]


def test_injected_faults_read_like_the_instance_s_own_errors(running: RunningSandboxes) -> None:
    acumatica = running["acumatica"]
    acumatica.faults.set({"status_burst": {"status": 503, "count": 1}})
    conn = running.connections()[CONN_ID]
    answer = requests.get(f"{conn['host']}/entity/Default/24.200.001/StockItem", verify=acumatica.ca_path,
                          timeout=TIMEOUT_S)
    assert answer.status_code == 503
    assert answer.json()["message"] == "An error has occurred." and "Retry-After" not in answer.headers
