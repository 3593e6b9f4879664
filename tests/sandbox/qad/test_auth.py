"""Both token flows, the 401 bodies, token expiry on the tenant's clock, revocation and tenant isolation."""

from __future__ import annotations

import base64

import pytest

from fastapi.testclient import TestClient

from sandbox import Sandbox
from tests.sandbox.qad.conftest import FakeClock, error_code, login
from tests.sandbox.qad.openapi_contract import OpenApiContract

ITEMS = "/api/erp/v1/items"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def basic(client_id: str, secret: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_session_login_returns_a_jwt_that_opens_business_calls(anonymous: TestClient, qad: Sandbox) -> None:
    """Login answers a three-part JWT and its lifetime; the token authorises a list call."""
    credentials = qad.state.credentials()
    response = anonymous.post(
        "/api/auth/login", json={"username": credentials.username, "password": credentials.password}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["expiresIn"] == 300 and body["token"].count(".") == 2
    assert anonymous.get(ITEMS, headers=bearer(body["token"])).status_code == 200


def test_session_login_with_a_wrong_password_is_unauthorized(anonymous: TestClient, qad: Sandbox) -> None:
    """A wrong password is 401 UNAUTHORIZED and the body does not echo the password."""
    username = qad.state.credentials().username
    response = anonymous.post("/api/auth/login", json={"username": username, "password": "guess-123"})
    assert response.status_code == 401 and error_code(response) == "UNAUTHORIZED"
    assert "guess-123" not in response.text


def test_session_login_with_a_malformed_body_names_the_missing_field(anonymous: TestClient) -> None:
    """A login body without a password is 400 VALIDATION_FAILED naming `password`."""
    response = anonymous.post("/api/auth/login", json={"username": "erplink"})
    assert response.status_code == 400 and error_code(response) == "VALIDATION_FAILED"
    assert response.json()["error"]["details"][0]["field"] == "password"


def test_client_credentials_in_the_form_body_issue_a_bearer_token(anonymous: TestClient, qad: Sandbox) -> None:
    """The client-credentials grant with id and secret in the form answers RFC 6749's token response."""
    credentials = qad.state.credentials()
    response = anonymous.post(
        "/oauth2/token",
        data={"grant_type": "client_credentials", "client_id": credentials.client_id,
              "client_secret": credentials.client_secret},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 300
    assert response.headers["Cache-Control"] == "no-store"
    assert anonymous.get(ITEMS, headers=bearer(body["access_token"])).status_code == 200


def test_client_credentials_by_http_basic_issue_a_bearer_token(anonymous: TestClient, qad: Sandbox) -> None:
    """Client authentication by HTTP Basic (RFC 6749 §2.3.1, what requests-oauthlib sends) is accepted."""
    credentials = qad.state.credentials()
    response = anonymous.post(
        "/oauth2/token", data={"grant_type": "client_credentials"},
        headers=basic(credentials.client_id, credentials.client_secret),
    )
    assert response.status_code == 200


def test_a_wrong_client_secret_is_invalid_client(anonymous: TestClient, qad: Sandbox) -> None:
    """A wrong secret is 401 with the RFC 6749 body `{"error": "invalid_client"}`."""
    credentials = qad.state.credentials()
    response = anonymous.post(
        "/oauth2/token",
        data={"grant_type": "client_credentials", "client_id": credentials.client_id, "client_secret": "nope"},
    )
    assert response.status_code == 401 and response.json()["error"] == "invalid_client"


def test_no_client_authentication_is_invalid_client(anonymous: TestClient) -> None:
    """A token request that names no client is 401 invalid_client."""
    response = anonymous.post("/oauth2/token", data={"grant_type": "client_credentials"})
    assert response.status_code == 401 and response.json()["error"] == "invalid_client"


def test_another_grant_type_is_unsupported(anonymous: TestClient, qad: Sandbox) -> None:
    """Only client_credentials is offered: a password grant is 400 unsupported_grant_type."""
    credentials = qad.state.credentials()
    response = anonymous.post(
        "/oauth2/token", data={"grant_type": "password"},
        headers=basic(credentials.client_id, credentials.client_secret),
    )
    assert response.status_code == 400 and response.json()["error"] == "unsupported_grant_type"


def test_token_request_without_a_grant_type_or_as_json_is_invalid_request(anonymous: TestClient,
                                                                          qad: Sandbox) -> None:
    """A missing grant_type and a JSON body (the grant is form-encoded) are both 400 invalid_request."""
    credentials = qad.state.credentials()
    no_grant = anonymous.post("/oauth2/token", data={"client_id": credentials.client_id}, headers=FORM)
    as_json = anonymous.post("/oauth2/token", json={"grant_type": "client_credentials"})
    assert (no_grant.status_code, no_grant.json()["error"]) == (400, "invalid_request")
    assert (as_json.status_code, as_json.json()["error"]) == (400, "invalid_request")


def test_client_authenticated_two_ways_is_invalid_request(anonymous: TestClient, qad: Sandbox) -> None:
    """Basic plus a secret in the body is refused (RFC 6749 §2.3: one method per request)."""
    credentials = qad.state.credentials()
    response = anonymous.post(
        "/oauth2/token",
        data={"grant_type": "client_credentials", "client_secret": credentials.client_secret},
        headers=basic(credentials.client_id, credentials.client_secret),
    )
    assert response.status_code == 400 and response.json()["error"] == "invalid_request"


def test_missing_or_malformed_bearer_is_unauthorized(anonymous: TestClient) -> None:
    """No header, a non-JWT token and another auth scheme are all 401 UNAUTHORIZED with a Bearer challenge."""
    for headers in ({}, bearer("not-a-jwt"), {"Authorization": "Basic Zm9vOmJhcg=="}):
        response = anonymous.get(ITEMS, headers=headers)
        assert response.status_code == 401 and error_code(response) == "UNAUTHORIZED", headers
        assert response.headers["WWW-Authenticate"] == "Bearer"


def test_token_expires_after_its_lifetime_on_the_tenant_clock(anonymous: TestClient, qad: Sandbox,
                                                               clock: FakeClock) -> None:
    """A token works until its lifetime has passed on the injected clock, then is 401 TOKEN_EXPIRED."""
    token = login(anonymous, qad)
    clock.advance(299)
    assert anonymous.get(ITEMS, headers=bearer(token)).status_code == 200
    clock.advance(1)
    response = anonymous.get(ITEMS, headers=bearer(token))
    assert response.status_code == 401 and error_code(response) == "TOKEN_EXPIRED"
    assert anonymous.get(ITEMS, headers=bearer(login(anonymous, qad))).status_code == 200


def test_expiring_all_tokens_revokes_the_ones_already_issued(anonymous: TestClient, qad: Sandbox) -> None:
    """After `expire_tokens`, an earlier token is TOKEN_EXPIRED while a fresh login works."""
    token = login(anonymous, qad)
    qad.state.expire_tokens()
    response = anonymous.get(ITEMS, headers=bearer(token))
    assert response.status_code == 401 and error_code(response) == "TOKEN_EXPIRED"
    assert anonymous.get(ITEMS, headers=bearer(login(anonymous, qad))).status_code == 200


def test_admin_route_expires_the_tokens_of_one_tenant(anonymous: TestClient, admin: TestClient, qad: Sandbox,
                                                      globex_api: TestClient) -> None:
    """`POST /__admin__/qad/acme/tokens/expire` revokes acme's tokens and leaves globex's alone."""
    token = login(anonymous, qad)
    assert admin.post("/acme/tokens/expire").status_code == 204
    assert error_code(anonymous.get(ITEMS, headers=bearer(token))) == "TOKEN_EXPIRED"
    assert globex_api.get(ITEMS).status_code == 200


def test_a_token_of_one_tenant_is_unauthorized_on_another(api: TestClient, globex_api: TestClient) -> None:
    """Tenants sign with their own keys: acme's token is 401 UNAUTHORIZED (not expired) on globex."""
    acme_token = api.headers["Authorization"]
    response = globex_api.get(ITEMS, headers={"Authorization": acme_token})
    assert response.status_code == 401 and error_code(response) == "UNAUTHORIZED"


def test_one_tenants_password_does_not_open_another(anonymous: TestClient, qad: Sandbox) -> None:
    """Globex's user and password do not log in to acme (same user name, different tenant)."""
    globex = qad.state.credentials(tenant="globex")
    response = anonymous.post("/api/auth/login", json={"username": globex.username, "password": globex.password})
    assert response.status_code == 401


BUSINESS_OPERATIONS = [
    ("GET", "/api/erp/v1/customers"), ("POST", "/api/erp/v1/customers"), ("GET", "/api/erp/v1/customers/C000001"),
    ("GET", "/api/erp/v1/items"), ("GET", "/api/erp/v1/items/ANY"), ("GET", "/api/erp/v1/price-lists/USD/prices"),
    ("GET", "/api/erp/v1/inventory"), ("GET", "/api/erp/v1/sales-orders"), ("POST", "/api/erp/v1/sales-orders"),
    ("GET", "/api/erp/v1/sales-orders/SO000001"), ("PATCH", "/api/erp/v1/sales-orders/SO000001"),
    ("POST", "/api/erp/v1/sales-orders/SO000001/cancel"), ("GET", "/api/erp/v1/credit-memos"),
    ("POST", "/api/erp/v1/credit-memos"), ("GET", "/api/erp/v1/credit-memos/CM000001"),
    ("GET", "/api/erp/v1/gl-journals"), ("POST", "/api/erp/v1/gl-journals"),
]


def test_every_business_operation_is_listed_here(contract: OpenApiContract) -> None:
    """The list below covers every secured operation of the OpenAPI document (so none escapes the 401 test)."""
    secured = {
        (method.upper(), template)
        for template, item in contract.document["paths"].items()
        for method, operation in item.items()
        if operation.get("security")
    }
    assert {(method, contract.template_for(path)) for method, path in BUSINESS_OPERATIONS} == secured


@pytest.mark.parametrize(("method", "path"), BUSINESS_OPERATIONS)
def test_every_business_operation_needs_a_token(anonymous: TestClient, method: str, path: str) -> None:
    """Without a bearer token every business operation is 401 UNAUTHORIZED, before the body is even read."""
    response = anonymous.request(method, path, json={})
    assert response.status_code == 401 and error_code(response) == "UNAUTHORIZED"
