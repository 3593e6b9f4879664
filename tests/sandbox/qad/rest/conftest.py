"""Clients of a tenant's QAD REST API (`/tenants/<tenant>/clouderp`): anonymous, and signed in through
`oauth/token` with the tenant's workspace header."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sandbox import Sandbox
from tests.sandbox.qad.conftest import LOOPBACK_CLIENT

WORKSPACE = "10USA_10USACO"
DOMAIN = "10USA"


def rest_base(tenant: str = "acme") -> str:
    return f"http://testserver/tenants/{tenant}/clouderp"


def password_grant(client: TestClient, qad: Sandbox, tenant: str = "acme") -> dict[str, Any]:
    credentials = qad.state.credentials(tenant=tenant)
    response = client.post("/oauth/token", params={
        "grant_type": "password", "client_id": credentials.api_client_id,
        "username": credentials.username, "password": credentials.password,
    })  # fmt: skip
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


@pytest.fixture
def anonymous_rest(qad: Sandbox) -> Iterator[TestClient]:
    with TestClient(qad.app, base_url=rest_base(), client=LOOPBACK_CLIENT) as client:
        yield client


@pytest.fixture
def rest(qad: Sandbox) -> Iterator[TestClient]:
    """Signed in on tenant `acme` with a bearer token, in its workspace."""
    with TestClient(qad.app, base_url=rest_base(), client=LOOPBACK_CLIENT) as client:
        client.headers["Authorization"] = f"Bearer {password_grant(client, qad)['access_token']}"
        client.headers["x-qad-workspace-id"] = WORKSPACE
        yield client


def qad_errors(response: Any) -> list[dict[str, Any]]:
    errors: list[dict[str, Any]] = response.json()["errors"]
    return errors


def submit_errors(response: Any) -> list[dict[str, Any]]:
    """The field errors of a refused write (answered 200 with `submitResult.success: false`)."""
    assert response.status_code == 200, response.text
    result = response.json()["submitResult"]
    assert result["success"] is False, response.text
    errors: list[dict[str, Any]] = result["errors"]
    return errors


@pytest.fixture
def globex_rest(qad: Sandbox) -> Iterator[TestClient]:
    """Signed in on the second tenant, `globex`."""
    with TestClient(qad.app, base_url=rest_base("globex"), client=LOOPBACK_CLIENT) as client:
        client.headers["Authorization"] = f"Bearer {password_grant(client, qad, 'globex')['access_token']}"
        client.headers["x-qad-workspace-id"] = WORKSPACE
        yield client
