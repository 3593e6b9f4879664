"""The tenant's own OpenAPI document: valid OpenAPI 3, tenant-relative, and exactly the routes of the README."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openapi_spec_validator import validate

import sandbox.qad
from sandbox import Sandbox
from sandbox.qad import ENTITY_PATHS
from tests.sandbox.qad.conftest import LOOPBACK_CLIENT

README = Path(sandbox.qad.__file__).with_name("README.md")
ENTITY_PREFIX = "/api/erp/v1/"


def readme_operations() -> set[tuple[str, str]]:
    """(METHOD, path) pairs the README promises: the auth endpoints and every row of the entity table."""
    text = README.read_text()
    operations = {("POST", path) for path in re.findall(r"`POST (/(?:api/auth|oauth2)/[^`]+)`", text)}
    for entity, methods in re.findall(r"^\| `([^`]+)` \| ([^|]+) \|", text, flags=re.MULTILINE):
        for method_text in methods.split(","):
            method, _, suffix = method_text.strip().partition(" ")
            suffix = suffix.strip().strip("`")
            path = ENTITY_PREFIX + entity + ("" if suffix in ("", "list") else "/" + suffix)
            operations.add((method, path))
    return operations


def served_operations(document: dict) -> set[tuple[str, str]]:
    return {(method.upper(), path) for path, item in document["paths"].items() for method in item}


@pytest.fixture
def document(qad: Sandbox) -> dict:
    with TestClient(qad.app, client=LOOPBACK_CLIENT) as client:
        response = client.get("/tenants/acme/api/swagger.json")
    assert response.status_code == 200
    return response.json()


def test_document_is_valid_openapi_3(document: dict) -> None:
    """The document passes a full OpenAPI 3 validation (structure and every JSON schema in it)."""
    assert document["openapi"].startswith("3.")
    validate(document)


def test_readme_is_parsed_into_the_expected_number_of_operations() -> None:
    """The README parser finds the 2 auth endpoints and the 17 entity operations (guards the parser itself)."""
    operations = readme_operations()
    assert ("POST", "/oauth2/token") in operations
    assert ("POST", "/api/erp/v1/sales-orders/{orderNumber}/cancel") in operations
    assert len(operations) == 19


def test_document_describes_exactly_the_readme_operations(document: dict) -> None:
    """Every README operation is in the document and the document has none the README does not promise."""
    assert served_operations(document) == readme_operations()


def test_paths_are_tenant_relative_and_the_server_is_the_tenant_url(document: dict) -> None:
    """Paths are as a real instance lists them (no `/tenants/<tenant>` prefix); the server entry carries it."""
    assert all(path.startswith(("/api/", "/oauth2/")) for path in document["paths"])
    assert document["servers"] == [{"url": "/tenants/acme"}]


def test_connection_entity_paths_are_listed_in_the_document(document: dict) -> None:
    """The entity paths the Airflow connection carries are exactly paths of the document, as the hook checks."""
    assert set(ENTITY_PATHS.values()) <= set(document["paths"])


def test_business_operations_declare_bearer_security(document: dict) -> None:
    """Every business operation requires the bearer token; the two token endpoints do not."""
    for path, item in document["paths"].items():
        for operation in item.values():
            secured = bool(operation.get("security"))
            assert secured == path.startswith(ENTITY_PREFIX), path


def test_each_tenant_serves_its_own_document(qad: Sandbox) -> None:
    """The second tenant's document names its own URL and needs no authentication."""
    with TestClient(qad.app, client=LOOPBACK_CLIENT) as client:
        response = client.get("/tenants/globex/api/swagger.json")
    assert response.status_code == 200
    assert response.json()["servers"] == [{"url": "/tenants/globex"}]


def test_unknown_tenant_is_not_found(qad: Sandbox) -> None:
    """A tenant the server does not host answers 404."""
    with TestClient(qad.app, client=LOOPBACK_CLIENT) as client:
        assert client.get("/tenants/initech/api/swagger.json").status_code == 404
