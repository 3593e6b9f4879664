"""OAuth 2.0 client credentials and password grant: token requests, caching, renewal before expiry and on 401."""

from __future__ import annotations

import logging
import threading

import pytest

from erplink.auth import OAuth2ClientCredentials, OAuth2PasswordGrant
from erplink.http.client import RestClient
from erplink.http.errors import AuthenticationError, TransientApiError
from erplink.http.retry import RetryPolicy
from tests.erplink.auth.token_server import API_URL, TOKEN_URL, Clock, TokenServer
from tests.erplink.http.scripted import Reply, ScriptedAdapter, Sleeps, session_with

CLIENT_SECRET = "client-secret-8f7e6d5c"
PASSWORD = "acu-password-1a2b3c"


def make(server: TokenServer, kind: str = "client_credentials", **kwargs):
    session = session_with(ScriptedAdapter(handler=server))
    clock = Clock()
    retry = RetryPolicy(sleep=Sleeps(), random=lambda: 0.0)
    if kind == "client_credentials":
        auth = OAuth2ClientCredentials(TOKEN_URL, "my-client", CLIENT_SECRET, session=session, clock=clock,
                                       retry=retry, **kwargs)
    else:
        auth = OAuth2PasswordGrant(TOKEN_URL, "my-client", CLIENT_SECRET, "admin", PASSWORD, scope="api offline_access",
                                   session=session, clock=clock, retry=retry, **kwargs)
    api = RestClient(system="acumatica", base_url=API_URL, auth=auth, session=session, retry=retry)
    return auth, api, clock


def test_client_credentials_request_carries_the_grant_and_credentials_in_the_form() -> None:
    server = TokenServer()
    auth, api, _ = make(server, scope="openid,AdobeID,commerce.accs", extra={"org_id": "ORG@AdobeOrg"})
    api.get_json("items")
    assert server.token_requests == [{
        "grant_type": "client_credentials", "client_id": "my-client", "client_secret": CLIENT_SECRET,
        "scope": "openid,AdobeID,commerce.accs", "org_id": "ORG@AdobeOrg",
    }]
    assert server.api_requests[0].headers["Authorization"] == f"Bearer {server.issued[0]}"


def test_token_is_cached_until_shortly_before_it_expires() -> None:
    server = TokenServer(expires_in=3600)
    auth, api, clock = make(server)
    api.get_json("items")
    clock.now += 3600 - 61  # 61 s left: still outside the 60 s skew
    api.get_json("items")
    assert len(server.token_requests) == 1
    clock.now += 2  # 59 s left: renewed before use
    api.get_json("items")
    assert len(server.token_requests) == 2
    assert [r.headers["Authorization"] for r in server.api_requests] == [
        f"Bearer {server.issued[0]}", f"Bearer {server.issued[0]}", f"Bearer {server.issued[1]}"]


def test_a_token_without_expiry_is_kept_until_refused() -> None:
    server = TokenServer(expires_in=None)
    auth, api, clock = make(server)
    api.get_json("items")
    clock.now += 10 * 86400
    api.get_json("items")
    assert len(server.token_requests) == 1


def test_401_fetches_a_new_token_and_the_request_succeeds() -> None:
    server = TokenServer()
    auth, api, _ = make(server)
    api.get_json("items")
    server.revoked.add(server.issued[0])
    assert api.get_json("items")["token"] == server.issued[1]
    assert len(server.token_requests) == 2


def test_refused_client_credentials_raise_authentication_error_with_the_oauth_code() -> None:
    server = TokenServer(refusals=[Reply(400, json={"error": "invalid_client",
                                                    "error_description": "bad secret"})])
    auth, api, _ = make(server)
    with pytest.raises(AuthenticationError) as caught:
        api.get_json("items")
    assert caught.value.code == "invalid_client"
    assert CLIENT_SECRET not in str(caught.value)


def test_token_endpoint_outage_is_retried_then_transient() -> None:
    server = TokenServer(refusals=[Reply(503), Reply(200, json={"access_token": "tok-after-outage",
                                                                "expires_in": 60})])
    auth, api, _ = make(server)
    assert auth.access_token() == "tok-after-outage"

    server = TokenServer(refusals=[Reply(502)] * 6)
    auth, api, _ = make(server)
    with pytest.raises(TransientApiError):
        auth.access_token()


def test_a_token_response_without_access_token_is_an_authentication_error() -> None:
    server = TokenServer(refusals=[Reply(200, json={"token_type": "Bearer"})])
    auth, _, _ = make(server)
    with pytest.raises(AuthenticationError, match="unusable token response"):
        auth.access_token()


def test_password_grant_logs_in_then_uses_the_refresh_token() -> None:
    server = TokenServer(expires_in=3600)
    auth, api, clock = make(server, kind="password")
    api.get_json("items")
    clock.now += 3600
    api.get_json("items")
    login, refresh = server.token_requests
    assert login == {"grant_type": "password", "username": "admin", "password": PASSWORD, "client_id": "my-client",
                     "client_secret": CLIENT_SECRET, "scope": "api offline_access"}
    assert refresh["grant_type"] == "refresh_token"
    assert refresh["refresh_token"] == "refresh-1-" + "y" * 12
    assert (refresh["client_id"], refresh["client_secret"]) == ("my-client", CLIENT_SECRET)
    assert "password" not in refresh


def test_password_grant_logs_in_again_when_the_refresh_token_is_refused() -> None:
    server = TokenServer(expires_in=3600, refuse_refresh=True)
    auth, api, clock = make(server, kind="password")
    api.get_json("items")
    server.revoked.add(server.issued[0])
    assert api.get_json("items")["token"] == server.issued[1]
    assert [r["grant_type"] for r in server.token_requests] == ["password", "refresh_token", "password"]


def test_refresh_token_is_kept_when_the_server_does_not_send_a_new_one() -> None:
    server = TokenServer(expires_in=100)
    auth, api, clock = make(server, kind="password")
    api.get_json("items")
    server.with_refresh_token = False
    clock.now += 100
    api.get_json("items")
    clock.now += 100
    api.get_json("items")
    assert [r.get("refresh_token") for r in server.token_requests[1:]] == ["refresh-1-" + "y" * 12] * 2


def test_concurrent_threads_share_one_token_request() -> None:
    server = TokenServer()
    auth, _, _ = make(server)
    barrier = threading.Barrier(8)
    seen: list[str] = []

    def work() -> None:
        barrier.wait()
        seen.append(auth.access_token())

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(server.token_requests) == 1
    assert set(seen) == {server.issued[0]}


def test_tokens_and_secrets_never_reach_the_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    server = TokenServer()
    auth, api, _ = make(server, kind="password")
    api.get_json("items")
    server.revoked.add(server.issued[0])
    api.get_json("items")
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "POST" in text  # the token calls were logged…
    for secret in (CLIENT_SECRET, PASSWORD, *server.issued, "refresh-1-" + "y" * 12):
        assert secret not in text  # …without what they carried
