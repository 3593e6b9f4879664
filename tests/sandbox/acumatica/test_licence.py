"""The licence: at most `api_users` sessions at once (2, as the trial licence), an OAuth token holding a seat
like a signed-in session; a seat is freed by signing out or by the idle timeout. And the per-minute request cap."""

from __future__ import annotations

import requests
from sandbox import Sandbox

from tests.sandbox.acumatica.conftest import (
    LOGOUT_PATH,
    FakeClock,
    cookie_client,
    entity_url,
    login,
    password_grant,
    url,
)


def test_a_login_beyond_the_licence_is_refused_until_a_session_signs_out(acumatica: Sandbox) -> None:
    first, second, third = (cookie_client(acumatica) for _ in range(3))
    assert login(first, acumatica).status_code == 204
    assert login(second, acumatica).status_code == 204
    refused = login(third, acumatica)
    assert refused.status_code == 500
    assert refused.json()["exceptionMessage"] == "API Login Limit"
    first.post(url(LOGOUT_PATH))
    assert login(third, acumatica).status_code == 204
    assert len(acumatica.state.open_sessions()) == 2


def test_signing_in_again_within_a_session_keeps_its_seat(acumatica: Sandbox) -> None:
    client = cookie_client(acumatica)
    for _ in range(3):
        assert login(client, acumatica).status_code == 204
    assert len(acumatica.state.open_sessions()) == 1


def test_an_access_token_takes_a_seat_when_used_and_logout_frees_it(anonymous: requests.Session,
                                                                   acumatica: Sandbox) -> None:
    token = password_grant(anonymous, acumatica)["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    sessions = [cookie_client(acumatica), cookie_client(acumatica)]
    for client in sessions:
        login(client, acumatica)
    refused = anonymous.get(entity_url("StockItem"), params={"$top": 1}, headers=headers)
    assert refused.status_code == 500 and refused.json()["exceptionMessage"] == "API Login Limit"
    sessions[0].post(url(LOGOUT_PATH))
    assert anonymous.get(entity_url("StockItem"), params={"$top": 1}, headers=headers).status_code == 200
    assert [s["kind"] for s in acumatica.state.open_sessions()] == ["cookie", "oauth"]
    assert anonymous.post(url(LOGOUT_PATH), headers=headers).status_code == 204
    assert [s["kind"] for s in acumatica.state.open_sessions()] == ["cookie"]


def test_idle_sessions_free_their_seat_and_end(acumatica: Sandbox, clock: FakeClock) -> None:
    idle = cookie_client(acumatica)
    login(idle, acumatica)
    login(cookie_client(acumatica), acumatica)
    clock.advance(acumatica.state.instance.options.session_idle_s)
    assert login(cookie_client(acumatica), acumatica).status_code == 204
    assert idle.get(entity_url("StockItem")).status_code == 401


def test_expired_sessions_end_cookie_clients_and_tokens_take_a_new_seat(anonymous: requests.Session,
                                                                       acumatica: Sandbox) -> None:
    client = cookie_client(acumatica)
    login(client, acumatica)
    headers = {"Authorization": f"Bearer {password_grant(anonymous, acumatica)['access_token']}"}
    assert anonymous.get(entity_url("StockItem"), params={"$top": 1}, headers=headers).ok
    assert acumatica.state.expire_sessions() == 2
    assert client.get(entity_url("StockItem")).status_code == 401
    assert anonymous.get(entity_url("StockItem"), params={"$top": 1}, headers=headers).ok
    assert len(acumatica.state.open_sessions()) == 1


def test_the_session_listing_shows_no_secret(anonymous: requests.Session, acumatica: Sandbox) -> None:
    token = password_grant(anonymous, acumatica)["access_token"]
    anonymous.get(entity_url("StockItem"), params={"$top": 1}, headers={"Authorization": f"Bearer {token}"})
    client = cookie_client(acumatica)
    login(client, acumatica)
    listing = str(acumatica.state.open_sessions())
    assert token not in listing
    assert client.cookies["ASP.NET_SessionId"] not in listing and client.cookies[".ASPXAUTH"] not in listing


def test_requests_beyond_the_per_minute_cap_answer_429_until_the_minute_is_over(api: requests.Session,
                                                                               acumatica: Sandbox,
                                                                               clock: FakeClock) -> None:
    acumatica.state.set_rate_cap(3)
    answers = [api.get(entity_url("StockItem"), params={"$top": 1}).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    limited = api.get(entity_url("StockItem"), params={"$top": 1})
    assert "Retry-After" not in limited.headers
    assert "limit" in limited.json()["message"]
    other_client = cookie_client(acumatica)
    login(other_client, acumatica)
    assert other_client.get(entity_url("StockItem"), params={"$top": 1}).status_code == 200
    clock.advance(60)
    assert api.get(entity_url("StockItem"), params={"$top": 1}).status_code == 200
