"""QAD's `oauth/token` (password and refresh grants), Bearer and Basic callers, and the workspace header."""

from __future__ import annotations

import base64

from fastapi.testclient import TestClient

from sandbox import Sandbox
from tests.sandbox.qad.conftest import FakeClock
from tests.sandbox.qad.rest.conftest import WORKSPACE, password_grant, qad_errors

ITEMS = {"browseId": "urn:browse:mfg:gp340", "pageSize": 1}


def _headers(token: str, workspace: str | None = WORKSPACE) -> dict[str, str]:
    headers = {"Authorization": f"Bearer {token}"}
    if workspace is not None:
        headers["x-qad-workspace-id"] = workspace
    return headers


def test_password_grant_in_the_query_or_a_form_body_issues_tokens_that_open_business_calls(
    anonymous_rest: TestClient, qad: Sandbox
) -> None:
    """The grant works with its parameters in the query string and as a form body; its access token opens a browse."""
    credentials = qad.state.credentials()
    by_query = password_grant(anonymous_rest, qad)
    by_form = anonymous_rest.post("/oauth/token", data={
        "grant_type": "password", "client_id": credentials.api_client_id,
        "username": credentials.username, "password": credentials.password,
    }).json()  # fmt: skip
    for answer in (by_query, by_form):
        assert answer["token_type"] == "bearer" and answer["expires_in"] == 300 and answer["refresh_token"]
        assert anonymous_rest.get("/api/qracore/browses", params=ITEMS, headers=_headers(answer["access_token"])).status_code == 200


def test_token_endpoint_refuses_a_wrong_password_client_or_grant_in_spring_oauth_shape(
    anonymous_rest: TestClient, qad: Sandbox
) -> None:
    """Wrong password → 400 invalid_grant, unknown client → 401 invalid_client, other grants → 400."""
    credentials = qad.state.credentials()
    grant = {"grant_type": "password", "client_id": credentials.api_client_id, "username": credentials.username}
    wrong_password = anonymous_rest.post("/oauth/token", params={**grant, "password": "nope"})
    wrong_client = anonymous_rest.post("/oauth/token", params={**grant, "client_id": "0" * 32, "password": credentials.password})
    other_grant = anonymous_rest.post("/oauth/token", params={**grant, "grant_type": "client_credentials"})
    assert (wrong_password.status_code, wrong_password.json()["error"]) == (400, "invalid_grant")
    assert (wrong_client.status_code, wrong_client.json()["error"]) == (401, "invalid_client")
    assert (other_grant.status_code, other_grant.json()["error"]) == (400, "unsupported_grant_type")


def test_refresh_grant_renews_an_expired_access_token_and_tokens_do_not_stand_in_for_each_other(
    anonymous_rest: TestClient, qad: Sandbox, clock: FakeClock
) -> None:
    """After expiry a refresh token buys a working access token; an access token refreshes nothing and a refresh
    token opens no business call."""
    first = password_grant(anonymous_rest, qad)
    clock.advance(301)
    expired = anonymous_rest.get("/api/qracore/browses", params=ITEMS, headers=_headers(first["access_token"]))
    assert expired.status_code == 401 and qad_errors(expired)[0]["code"] == "401"
    client_id = qad.state.credentials().api_client_id
    renewed = anonymous_rest.post("/oauth/token", params={
        "grant_type": "refresh_token", "client_id": client_id, "refresh_token": first["refresh_token"]})
    assert renewed.status_code == 200, renewed.text
    assert anonymous_rest.get(
        "/api/qracore/browses", params=ITEMS, headers=_headers(renewed.json()["access_token"])).status_code == 200
    misuse = anonymous_rest.post("/oauth/token", params={
        "grant_type": "refresh_token", "client_id": client_id, "refresh_token": renewed.json()["access_token"]})
    assert (misuse.status_code, misuse.json()["error"]) == (400, "invalid_grant")
    as_bearer = anonymous_rest.get("/api/qracore/browses", params=ITEMS, headers=_headers(first["refresh_token"]))
    assert as_bearer.status_code == 401


def test_basic_authentication_is_accepted_and_a_missing_or_wrong_one_is_401(anonymous_rest: TestClient, qad: Sandbox) -> None:
    credentials = qad.state.credentials()
    good = base64.b64encode(f"{credentials.username}:{credentials.password}".encode()).decode()
    bad = base64.b64encode(f"{credentials.username}:wrong".encode()).decode()
    workspace = {"x-qad-workspace-id": WORKSPACE}
    assert anonymous_rest.get("/api/qracore/browses", params=ITEMS, headers={**workspace, "Authorization": f"Basic {good}"}).status_code == 200
    assert anonymous_rest.get("/api/qracore/browses", params=ITEMS, headers={**workspace, "Authorization": f"Basic {bad}"}).status_code == 401
    assert anonymous_rest.get("/api/qracore/browses", params=ITEMS, headers=workspace).status_code == 401


def test_a_missing_or_foreign_workspace_is_refused_with_qads_bare_403(anonymous_rest: TestClient, qad: Sandbox) -> None:
    """`x-qad-workspace-id` must name the tenant's `<domain>_<entity>`; otherwise 403 with `{"errors": [...]}`."""
    token = password_grant(anonymous_rest, qad)["access_token"]
    for workspace in (None, "11CAN_11CANCO"):
        response = anonymous_rest.get("/api/qracore/browses", params=ITEMS, headers=_headers(token, workspace))
        assert response.status_code == 403
        assert response.json() == {"errors": [{"severity": 1, "code": "403", "message": "Access is denied", "fieldName": ""}]}


def test_a_token_of_one_tenant_is_refused_by_another(qad: Sandbox) -> None:
    with TestClient(qad.app, base_url="http://testserver/tenants/globex/clouderp") as globex:
        token = password_grant(globex, qad, "globex")["access_token"]
    with TestClient(qad.app, base_url="http://testserver/tenants/acme/clouderp") as acme:
        assert acme.get("/api/qracore/browses", params=ITEMS, headers=_headers(token)).status_code == 401
