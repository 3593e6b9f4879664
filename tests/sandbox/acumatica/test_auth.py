"""OAuth 2.0 at `/identity/connect/token` (password and refresh grants, expiring access tokens) and the
cookie session of `/entity/auth/login`."""

from __future__ import annotations

import requests
from sandbox import Sandbox

from tests.sandbox.acumatica.conftest import (
    LOGOUT_PATH,
    TOKEN_LIFETIME_S,
    TOKEN_PATH,
    FakeClock,
    cookie_client,
    entity_url,
    login,
    password_grant,
    url,
)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def refresh(session: requests.Session, sandbox: Sandbox, refresh_token: str) -> requests.Response:
    credentials = sandbox.state.credentials
    return session.post(url(TOKEN_PATH), data={"grant_type": "refresh_token", "refresh_token": refresh_token,
                                               "client_id": credentials.client_id,
                                               "client_secret": credentials.client_secret})


def test_an_access_token_answers_401_once_its_lifetime_is_over(anonymous: requests.Session, acumatica: Sandbox,
                                                              clock: FakeClock) -> None:
    token = password_grant(anonymous, acumatica)
    assert token["expires_in"] == TOKEN_LIFETIME_S
    assert anonymous.get(entity_url("StockItem"), params={"$top": 1}, headers=bearer(token["access_token"])).ok
    clock.advance(TOKEN_LIFETIME_S)
    expired = anonymous.get(entity_url("StockItem"), params={"$top": 1}, headers=bearer(token["access_token"]))
    assert expired.status_code == 401
    assert expired.json() == {"message": "Authorization has been denied for this request."}


def test_a_refresh_token_gives_new_tokens_once(anonymous: requests.Session, acumatica: Sandbox,
                                              clock: FakeClock) -> None:
    token = password_grant(anonymous, acumatica)
    clock.advance(TOKEN_LIFETIME_S)
    renewed = refresh(anonymous, acumatica, token["refresh_token"])
    assert renewed.status_code == 200
    fresh = renewed.json()
    assert fresh["refresh_token"] != token["refresh_token"]
    assert anonymous.get(entity_url("StockItem"), params={"$top": 1}, headers=bearer(fresh["access_token"])).ok
    spent = refresh(anonymous, acumatica, token["refresh_token"])
    assert (spent.status_code, spent.json()["error"]) == (400, "invalid_grant")


def test_a_refresh_token_is_only_handed_out_for_offline_access(anonymous: requests.Session,
                                                              acumatica: Sandbox) -> None:
    assert "refresh_token" not in password_grant(anonymous, acumatica, scope="api")


def test_token_requests_the_identity_server_refuses(anonymous: requests.Session, acumatica: Sandbox) -> None:
    credentials = acumatica.state.credentials
    form = {"grant_type": "password", "client_id": credentials.client_id, "client_secret": credentials.client_secret,
            "username": credentials.username, "password": credentials.password, "scope": "api"}
    cases = {
        "invalid_client": {**form, "client_secret": "wrong"},
        "invalid_grant": {**form, "password": "wrong"},
        "invalid_scope": {**form, "scope": "api admin"},
        "unsupported_grant_type": {**form, "grant_type": "client_credentials"},
    }
    for error, data in cases.items():
        response = anonymous.post(url(TOKEN_PATH), data=data)
        assert (response.status_code, response.json()["error"]) == (400, error), error
        assert "wrong" not in response.text
    as_json = anonymous.post(url(TOKEN_PATH), json=form)
    assert (as_json.status_code, as_json.json()["error"]) == (400, "invalid_request")


def test_the_client_may_authenticate_with_http_basic(anonymous: requests.Session, acumatica: Sandbox) -> None:
    credentials = acumatica.state.credentials
    response = anonymous.post(url(TOKEN_PATH), auth=(credentials.client_id, credentials.client_secret),
                              data={"grant_type": "password", "username": credentials.username,
                                    "password": credentials.password, "scope": "api"})
    assert response.status_code == 200


def test_revoked_tokens_answer_401_and_cannot_be_refreshed(anonymous: requests.Session, acumatica: Sandbox) -> None:
    token = password_grant(anonymous, acumatica)
    acumatica.state.revoke_tokens()
    assert anonymous.get(entity_url("StockItem"), headers=bearer(token["access_token"])).status_code == 401
    assert refresh(anonymous, acumatica, token["refresh_token"]).status_code == 400


def test_a_cookie_session_reaches_the_endpoint_until_it_signs_out(acumatica: Sandbox) -> None:
    client = cookie_client(acumatica)
    assert client.get(entity_url("StockItem")).status_code == 401
    assert login(client, acumatica).status_code == 204
    assert client.get(entity_url("StockItem"), params={"$top": 1}).status_code == 200
    client.post(url(LOGOUT_PATH))
    assert client.get(entity_url("StockItem"), params={"$top": 1}).status_code == 401


def test_a_session_cookie_without_its_auth_ticket_is_not_signed_in(acumatica: Sandbox) -> None:
    client = cookie_client(acumatica)
    login(client, acumatica)
    session_only = cookie_client(acumatica)
    session_only.cookies.set("ASP.NET_SessionId", client.cookies["ASP.NET_SessionId"])
    assert session_only.get(entity_url("StockItem")).status_code == 401


def test_wrong_credentials_or_tenant_answer_500_invalid_credentials(acumatica: Sandbox) -> None:
    """The status is not a 401: Acumatica's own client recognises the refusal by its text."""
    for extra in ({"password": "wrong"}, {"tenant": "OtherCompany"}):
        response = login(cookie_client(acumatica), acumatica, **extra)
        assert response.status_code == 500
        assert response.json()["exceptionMessage"] == "Invalid credentials. Please try again."
        assert "wrong" not in response.text
