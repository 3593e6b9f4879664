"""QadSessionAuth: JSON login, bearer use, re-login before expiry and after a 401."""

from __future__ import annotations

import json

import pytest

from erplink.systems.qad.auth import QadSessionAuth
from erplink.http.client import RestClient
from erplink.http.errors import AuthenticationError
from erplink.http.metrics import CallCounter
from erplink.http.retry import RetryPolicy
from tests.erplink.auth.token_server import API_URL, LOGIN_URL, Clock, TokenServer
from tests.erplink.http.scripted import Reply, ScriptedAdapter, Sleeps, session_with

PASSWORD = "qad-pass-5e6f7a8b"


def make(server: TokenServer):
    session = session_with(ScriptedAdapter(handler=server))
    clock = Clock()
    counter = CallCounter()
    retry = RetryPolicy(sleep=Sleeps(), random=lambda: 0.0)
    auth = QadSessionAuth(LOGIN_URL, "mfg", PASSWORD, session=session, clock=clock, retry=retry, counter=counter)
    api = RestClient(system="qad", base_url=API_URL, auth=auth, session=session, retry=retry, counter=counter)
    return auth, api, clock, counter


def test_login_posts_json_credentials_and_sends_the_token_as_bearer() -> None:
    server = TokenServer(expires_in=1800)
    auth, api, _, counter = make(server)
    api.get_json("items")
    assert server.token_requests == [{"username": "mfg", "password": PASSWORD}]
    assert server.api_requests[0].headers["Authorization"] == f"Bearer {server.issued[0]}"
    assert counter.count("qad", "POST login") == 1


def test_logs_in_again_shortly_before_the_session_expires() -> None:
    server = TokenServer(expires_in=1800)
    auth, api, clock, _ = make(server)
    api.get_json("items")
    clock.now += 1800 - 61
    api.get_json("items")
    assert len(server.issued) == 1
    clock.now += 2
    api.get_json("items")
    assert len(server.issued) == 2


def test_logs_in_again_after_a_401() -> None:
    server = TokenServer(expires_in=1800)
    auth, api, _, counter = make(server)
    api.get_json("items")
    server.revoked.add(server.issued[0])
    assert api.get_json("items")["token"] == server.issued[1]
    assert counter.count("qad", "GET items", 401) == 1


def test_refused_login_is_an_authentication_error_without_the_password() -> None:
    server = TokenServer(refusals=[Reply(401, json={"error": {"code": "BAD_CREDENTIALS",
                                                              "message": f"bad password {PASSWORD}"}})])
    auth, api, _, _ = make(server)
    with pytest.raises(AuthenticationError) as caught:
        api.get_json("items")
    assert caught.value.code == "BAD_CREDENTIALS"
    assert PASSWORD not in str(caught.value)


@pytest.mark.parametrize("body", [{"expiresIn": 60}, {"token": ""}, ["not", "an", "object"]])
def test_a_login_answer_without_a_token_is_an_authentication_error(body: object) -> None:
    server = TokenServer(refusals=[Reply(200, text=json.dumps(body))])
    auth, _, _, _ = make(server)
    with pytest.raises(AuthenticationError):
        auth.access_token()
