"""WooKeyAuth: header, query, and the automatic switch to the query string when the header is lost."""

from __future__ import annotations

import base64
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests

from erplink.systems.woocommerce.auth import WooKeyAuth
from erplink.systems.woocommerce.error_body import woocommerce_error
from erplink.http.errors import AuthenticationError
from tests.erplink.http.helpers import scripted_client
from tests.erplink.http.scripted import Reply, build_response

KEY, SECRET = "ck_0123456789abcdef", "cs_fedcba9876543210"
NOT_LOGGED_IN = Reply(401, json={"code": "woocommerce_rest_cannot_view", "message": "Sorry, you cannot list resources.",
                                 "data": {"status": 401}})
KEY_MISSING = Reply(401, json={"code": "woocommerce_rest_authentication_error", "message": "Consumer key is missing.",
                               "data": {"status": 401}})
KEY_INVALID = Reply(401, json={"code": "woocommerce_rest_authentication_error", "message": "Consumer key is invalid.",
                               "data": {"status": 401}})


def query_of(request: requests.PreparedRequest) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(request.url).query))


def sent_in_header(request: requests.PreparedRequest) -> bool:
    expected = "Basic " + base64.b64encode(f"{KEY}:{SECRET}".encode()).decode()
    return request.headers.get("Authorization") == expected and "consumer_key" not in query_of(request)


def sent_in_query(request: requests.PreparedRequest) -> bool:
    query = query_of(request)
    return (query.get("consumer_key"), query.get("consumer_secret")) == (KEY, SECRET) \
        and "Authorization" not in request.headers


def client_for(auth: WooKeyAuth, *steps: Reply):
    return scripted_client(*steps, auth=auth, error_parser=woocommerce_error)


def test_header_placement_sends_basic_auth() -> None:
    client, adapter, _ = client_for(WooKeyAuth(KEY, SECRET), Reply(200, json=[]))
    client.get_json("orders")
    assert sent_in_header(adapter.requests[0])


def test_query_placement_adds_the_keys_to_the_query_string_beside_other_params() -> None:
    client, adapter, _ = client_for(WooKeyAuth(KEY, SECRET, placement="query"), Reply(200, json=[]))
    client.get_json("orders", params={"status": "processing"})
    assert sent_in_query(adapter.requests[0])
    assert query_of(adapter.requests[0])["status"] == "processing"


@pytest.mark.parametrize("lost", [NOT_LOGGED_IN, KEY_MISSING], ids=["cannot_view", "key_missing"])
def test_auto_switches_to_the_query_once_and_stays_there(lost: Reply) -> None:
    auth = WooKeyAuth(KEY, SECRET, placement="auto")
    client, adapter, _ = client_for(auth, lost, Reply(200, json=[1]), Reply(200, json=[2]))
    assert client.get_json("orders") == [1]
    assert client.get_json("orders") == [2]
    first, retried, later = adapter.requests
    assert sent_in_header(first)
    assert sent_in_query(retried) and sent_in_query(later)
    assert auth.uses_query


def test_auto_does_not_switch_when_the_store_read_a_wrong_key() -> None:
    auth = WooKeyAuth(KEY, SECRET, placement="auto")
    client, adapter, _ = client_for(auth, KEY_INVALID, Reply(200, json=[]))
    with pytest.raises(AuthenticationError) as caught:
        client.get_json("orders")
    assert caught.value.code == "woocommerce_rest_authentication_error"
    assert len(adapter.requests) == 1
    assert not auth.uses_query


def test_auto_gives_up_when_the_query_string_is_refused_too() -> None:
    auth = WooKeyAuth(KEY, SECRET, placement="auto")
    client, adapter, _ = client_for(auth, NOT_LOGGED_IN, NOT_LOGGED_IN, Reply(200, json=[]))
    with pytest.raises(AuthenticationError) as caught:
        client.get_json("orders")
    assert len(adapter.requests) == 2
    assert KEY not in str(caught.value) and SECRET not in str(caught.value)


def test_a_request_sent_before_another_thread_switched_is_resent_in_the_query() -> None:
    auth = WooKeyAuth(KEY, SECRET, placement="auto")
    url = "https://shop.example/wp-json/wc/v3/orders"
    stale, switching = (requests.Request("GET", url, auth=auth).prepare() for _ in range(2))
    assert auth.on_unauthorized(refusal(switching, NOT_LOGGED_IN)) is True  # one worker's 401 switches
    # Another worker's request went out in the header before the switch: it is worth one more try.
    assert auth.on_unauthorized(refusal(stale, NOT_LOGGED_IN)) is True
    # A request already sent in the query string and still refused is not.
    fresh = requests.Request("GET", url, auth=auth).prepare()
    assert auth.on_unauthorized(refusal(fresh, NOT_LOGGED_IN)) is False


def refusal(request: requests.PreparedRequest, reply: Reply) -> requests.Response:
    return build_response(request, reply)


def test_fixed_placements_never_switch() -> None:
    client, adapter, _ = client_for(WooKeyAuth(KEY, SECRET, placement="header"), NOT_LOGGED_IN, Reply(200, json=[]))
    with pytest.raises(AuthenticationError):
        client.get_json("orders")
    assert len(adapter.requests) == 1


def test_unknown_placement_is_refused() -> None:
    with pytest.raises(ValueError):
        WooKeyAuth(KEY, SECRET, placement="body")  # type: ignore[arg-type]
