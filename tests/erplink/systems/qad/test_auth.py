"""QadPasswordGrant: QAD's oauth/token password grant, the refresh grant, and the password grant again."""

from __future__ import annotations

import json

import pytest

from erplink.http.client import RestClient
from erplink.http.errors import AuthenticationError
from erplink.http.metrics import CallCounter
from erplink.http.retry import RetryPolicy
from erplink.systems.qad.auth import QadPasswordGrant
from tests.erplink.auth.token_server import API_URL, TOKEN_URL, Clock, TokenServer
from tests.erplink.http.scripted import Reply, ScriptedAdapter, Sleeps, session_with

PASSWORD = "qad-pass-5e6f7a8b"
CLIENT_ID = "afb97fd221925b87f01489aeb0e02e81"


def make(server: TokenServer):
    session = session_with(ScriptedAdapter(handler=server))
    clock = Clock()
    counter = CallCounter()
    retry = RetryPolicy(sleep=Sleeps(), random=lambda: 0.0)
    auth = QadPasswordGrant(TOKEN_URL, CLIENT_ID, "mfg@qad.com", PASSWORD, session=session, clock=clock,
                            retry=retry, counter=counter)  # fmt: skip
    api = RestClient(system="qad", base_url=API_URL, auth=auth, session=session, retry=retry, counter=counter)
    return auth, api, clock, counter


def test_the_password_grant_sends_client_id_user_and_password_in_a_form_body_never_the_url() -> None:
    server = TokenServer(expires_in=1800)
    _, api, _, counter = make(server)
    api.get_json("items")
    assert server.token_requests == [
        {"client_id": CLIENT_ID, "grant_type": "password", "username": "mfg@qad.com", "password": PASSWORD}]
    assert server.api_requests[0].headers["Authorization"] == f"Bearer {server.issued[0]}"
    assert counter.count("qad", "POST oauth/token") == 1


def test_an_expiring_token_is_renewed_by_the_refresh_grant() -> None:
    server = TokenServer(expires_in=1800)
    _, api, clock, _ = make(server)
    api.get_json("items")
    clock.now += 1800
    api.get_json("items")
    assert [r["grant_type"] for r in server.token_requests] == ["password", "refresh_token"]
    assert server.token_requests[1]["refresh_token"].startswith("refresh-1")


def test_a_refused_refresh_falls_back_to_the_password_grant() -> None:
    server = TokenServer(expires_in=1800, refuse_refresh=True)
    _, api, clock, _ = make(server)
    api.get_json("items")
    clock.now += 1800
    api.get_json("items")
    assert [r["grant_type"] for r in server.token_requests] == ["password", "refresh_token", "password"]


def test_a_401_renews_the_token_once_and_the_call_goes_through() -> None:
    server = TokenServer(expires_in=None, with_refresh_token=False)
    _, api, _, counter = make(server)
    api.get_json("items")
    server.revoked.add(server.issued[0])
    assert api.get_json("items")["token"] == server.issued[1]
    assert counter.count("qad", "GET items", 401) == 1


def test_refused_credentials_are_an_authentication_error_without_the_password() -> None:
    server = TokenServer(refusals=[Reply(400, json={"error": "invalid_grant", "error_description": f"Bad credentials {PASSWORD}"})])
    _, api, _, _ = make(server)
    with pytest.raises(AuthenticationError) as caught:
        api.get_json("items")
    assert caught.value.code == "invalid_grant" and PASSWORD not in str(caught.value)


@pytest.mark.parametrize("body", [{"expires_in": 60}, {"access_token": ""}, ["not", "an", "object"]])
def test_a_token_answer_without_an_access_token_is_an_authentication_error(body: object) -> None:
    server = TokenServer(refusals=[Reply(200, text=json.dumps(body))])
    auth, _, _, _ = make(server)
    with pytest.raises(AuthenticationError):
        auth.access_token()
