"""The sandbox behind a real uvicorn server on loopback over TLS, as a tenant is reached in production: with
requests and the Airflow connections `connections()` returns (CA bundle in `verify`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests

from sandbox import Sandbox
from sandbox.qad import JWT_CONN_ID, OAUTH_CONN_ID, create_sandbox
from sandbox.qad.connections import QXTEND_CONN_ID
from sandbox.seed import World
from sandbox.server import serve
from sandbox.tls import TlsFiles, issue_loopback_certificate

TIMEOUT_S = 10
ITEMS = {"browseId": "urn:browse:mfg:gp340", "pageSize": 5, "page": 1, "pageAction": "first"}


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> TlsFiles:
    return issue_loopback_certificate(tmp_path_factory.mktemp("qad-tls"))


@pytest.fixture
def served(world: World, tls: TlsFiles) -> Iterator[tuple[Sandbox, dict[str, dict[str, Any]]]]:
    qad = create_sandbox(world)
    server = serve(qad.app, certfile=tls.cert_path, keyfile=tls.key_path)
    try:
        yield qad, qad.connections(server.base_url, str(tls.ca_path))
    finally:
        server.stop()


def test_connections_describe_the_demo_tenant_in_both_auth_modes(world: World) -> None:
    """Both REST connection ids point at the demo tenant's base URL and workspace; the CA path goes to `verify`.
    The QXtend connection points at the same tenant, its receiver and domain."""
    qad = create_sandbox(world)
    connections = qad.connections("https://127.0.0.1:8443/", "/certs/ca.pem")
    assert set(connections) == {JWT_CONN_ID, OAUTH_CONN_ID, QXTEND_CONN_ID}
    qxtend = connections[QXTEND_CONN_ID]
    assert (qxtend["conn_type"], qxtend["host"]) == ("qad_qxtend", "https://127.0.0.1:8443/tenants/acme")
    assert qxtend["extra"]["receiver"] == "QADERP" and qxtend["extra"]["domain"] == "10USA"
    for conn in (connections[JWT_CONN_ID], connections[OAUTH_CONN_ID]):
        assert conn["conn_type"] == "qad" and conn["host"] == "https://127.0.0.1:8443/tenants/acme/clouderp"
        assert conn["extra"]["workspace"] == "10USA_10USACO" and conn["extra"]["verify"] == "/certs/ca.pem"
    assert connections[JWT_CONN_ID]["extra"]["auth_mode"] == "oauth_password"
    assert connections[JWT_CONN_ID]["extra"]["client_id"] == qad.state.credentials().api_client_id
    assert connections[OAUTH_CONN_ID]["extra"]["auth_mode"] == "basic"


def test_the_password_grant_connection_signs_in_and_browses_items_over_https(
    served: tuple[Sandbox, dict[str, dict[str, Any]]],
) -> None:
    _, connections = served
    conn = connections[JWT_CONN_ID]
    verify, extra = conn["extra"]["verify"], conn["extra"]
    token = requests.post(conn["host"] + "/oauth/token", verify=verify, timeout=TIMEOUT_S, data={
        "grant_type": "password", "client_id": extra["client_id"], "username": conn["login"],
        "password": conn["password"]})  # fmt: skip
    assert token.status_code == 200
    page = requests.get(conn["host"] + "/api/qracore/browses", params=ITEMS, verify=verify, timeout=TIMEOUT_S,
                        headers={"Authorization": f"Bearer {token.json()['access_token']}",
                                 "x-qad-workspace-id": extra["workspace"]})  # fmt: skip
    assert page.status_code == 200 and len(page.json()["data"]) == 5


def test_the_basic_connection_browses_items_over_https(served: tuple[Sandbox, dict[str, dict[str, Any]]]) -> None:
    conn = served[1][OAUTH_CONN_ID]
    page = requests.get(conn["host"] + "/api/qracore/browses", params=ITEMS, verify=conn["extra"]["verify"],
                        auth=(conn["login"], conn["password"]), timeout=TIMEOUT_S,
                        headers={"x-qad-workspace-id": conn["extra"]["workspace"]})  # fmt: skip
    assert page.status_code == 200 and page.json()["auxillaryData"]["HasMoreParams"] == "true"
