"""`create_sandbox` options and the shape of injected faults."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from sandbox.qad import create_sandbox, fault_response
from sandbox.seed import World
from tests.sandbox.qad.conftest import LOOPBACK_CLIENT


def test_tenants_option_chooses_the_hosted_tenants_and_the_demo_one(world: World) -> None:
    """The first tenant named is the demo tenant (seeded from the world, named by the connections)."""
    qad = create_sandbox(world, tenants=("initech", "acme"))
    assert qad.state.tenants == ("initech", "acme") and qad.state.demo_tenant == "initech"
    assert len(qad.state.documents("items", tenant="initech")) == len(world.erp_items)
    assert "/tenants/initech/clouderp" in qad.connections("http://127.0.0.1:1", None)["erplink_qad_demo"]["host"]
    with TestClient(qad.app, client=LOOPBACK_CLIENT) as client:
        assert client.post("/tenants/globex/clouderp/oauth/token").status_code == 404


def test_duplicate_or_no_tenants_are_refused(world: World) -> None:
    """Tenant names must be distinct and at least one."""
    for tenants in ((), ("acme", "acme")):
        with pytest.raises(ValueError):
            create_sandbox(world, tenants=tenants)


def test_credentials_differ_per_tenant_and_per_sandbox(world: World) -> None:
    """Each tenant, and each new sandbox, has its own password and client id."""
    first, second = create_sandbox(world), create_sandbox(world)
    secrets = {
        (sandbox_.state.credentials(tenant=tenant).password, sandbox_.state.credentials(tenant=tenant).api_client_id)
        for sandbox_ in (first, second)
        for tenant in ("acme", "globex")
    }
    assert len(secrets) == 4


@pytest.mark.parametrize("status", [429, 503, 500, 401])
def test_injected_faults_use_qads_bare_error_body(status: int) -> None:
    """A fault the runner injects reads like QAD's own error; 429 and 503 carry Retry-After."""
    body, headers = fault_response(status)
    assert json.loads(body)["errors"][0]["code"] == str(status)
    assert ("Retry-After" in headers) == (status in (429, 503))
