"""The sandbox behind a real uvicorn server on loopback over TLS, as a tenant is reached in production: with
requests, requests-oauthlib and the Airflow connections `connections()` returns (CA bundle in `verify`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests
from oauthlib.oauth2 import BackendApplicationClient
from requests_oauthlib import OAuth2Session

from sandbox import Sandbox
from sandbox.qad import ENTITY_PATHS, JWT_CONN_ID, OAUTH_CONN_ID, create_sandbox
from sandbox.seed import World
from sandbox.server import serve
from sandbox.tls import TlsFiles, issue_loopback_certificate
from tests.sandbox.qad.openapi_contract import OpenApiContract

TIMEOUT_S = 10


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> TlsFiles:
    return issue_loopback_certificate(tmp_path_factory.mktemp("qad-tls"))


@pytest.fixture
def served(world: World, tls: TlsFiles) -> Iterator[tuple[Sandbox, dict[str, dict[str, Any]]]]:
    """A served sandbox and its connections."""
    qad = create_sandbox(world)
    server = serve(qad.app, certfile=tls.cert_path, keyfile=tls.key_path)
    try:
        yield qad, qad.connections(server.base_url, str(tls.ca_path))
    finally:
        server.stop()


def test_connections_describe_the_demo_tenant_in_both_auth_modes(world: World) -> None:
    """Both connection ids point at the demo tenant URL with the configured paths; the CA path goes to `verify`."""
    connections = create_sandbox(world).connections("https://127.0.0.1:8443/", "/certs/ca.pem")
    assert set(connections) == {JWT_CONN_ID, OAUTH_CONN_ID}
    jwt_conn, oauth_conn = connections[JWT_CONN_ID], connections[OAUTH_CONN_ID]
    for conn in (jwt_conn, oauth_conn):
        assert conn["conn_type"] == "qad" and conn["host"] == "https://127.0.0.1:8443/tenants/acme"
        assert conn["extra"]["swagger_path"] == "/api/swagger.json"
        assert conn["extra"]["entity_paths"] == ENTITY_PATHS and conn["extra"]["verify"] == "/certs/ca.pem"
    assert (jwt_conn["extra"]["auth_mode"], jwt_conn["extra"]["token_endpoint"]) == ("jwt_session", "/api/auth/login")
    assert (oauth_conn["extra"]["auth_mode"], oauth_conn["extra"]["token_endpoint"]) == ("client_credentials",
                                                                                         "/oauth2/token")


def test_jwt_session_connection_logs_in_and_pages_items(served: tuple[Sandbox, dict[str, dict[str, Any]]],
                                                        contract: OpenApiContract) -> None:
    """Over real HTTPS, the JWT connection's credentials log in and its items path answers a valid page."""
    _, connections = served
    conn = connections[JWT_CONN_ID]
    verify = conn["extra"]["verify"]
    login = requests.post(conn["host"] + conn["extra"]["token_endpoint"], verify=verify, timeout=TIMEOUT_S,
                          json={"username": conn["login"], "password": conn["password"]})
    assert login.status_code == 200
    page = requests.get(conn["host"] + conn["extra"]["entity_paths"]["items"], params={"limit": 5}, verify=verify,
                        headers={"Authorization": f"Bearer {login.json()['token']}"}, timeout=TIMEOUT_S)
    contract.check("GET", conn["extra"]["entity_paths"]["items"], page.status_code, page.json())
    assert page.status_code == 200 and len(page.json()["data"]) == 5


def test_client_credentials_connection_works_with_requests_oauthlib(
    served: tuple[Sandbox, dict[str, dict[str, Any]]],
) -> None:
    """requests-oauthlib's backend-application flow gets a token (client auth by HTTP Basic) and creates a
    customer with it."""
    qad, connections = served
    conn = connections[OAUTH_CONN_ID]
    # `verify` goes on each call: requests lets REQUESTS_CA_BUNDLE override a Session-level `verify`.
    verify = conn["extra"]["verify"]
    session = OAuth2Session(client=BackendApplicationClient(client_id=conn["login"]))
    token: dict[str, Any] = session.fetch_token(
        conn["host"] + conn["extra"]["token_endpoint"], client_id=conn["login"], client_secret=conn["password"],
        timeout=TIMEOUT_S, verify=verify,
    )
    assert token["token_type"] == "Bearer"
    created = session.post(conn["host"] + conn["extra"]["entity_paths"]["customers"], timeout=TIMEOUT_S, verify=verify,
                           json={"externalRef": "WC-1", "name": "Served", "currency": "USD"})
    assert created.status_code == 201
    assert qad.state.documents("customers")[-1]["externalRef"] == "WC-1"


def test_swagger_document_over_http_is_relative_to_the_tenant_url(
    served: tuple[Sandbox, dict[str, dict[str, Any]]],
) -> None:
    """Fetched from `<tenant URL>/api/swagger.json`, the document names that tenant's path as its server."""
    conn = served[1][JWT_CONN_ID]
    document = requests.get(conn["host"] + conn["extra"]["swagger_path"], verify=conn["extra"]["verify"],
                            timeout=TIMEOUT_S).json()
    assert document["servers"] == [{"url": "/tenants/acme"}]
    assert "/api/erp/v1/sales-orders" in document["paths"]
