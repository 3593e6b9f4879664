"""RestClient: what is retried, how long it waits, and which writes are never sent twice."""

from __future__ import annotations

import pytest
import requests

from erplink.http.errors import AmbiguousWriteError, PermanentApiError, TransientApiError
from tests.erplink.http.helpers import scripted_client
from tests.erplink.http.scripted import Reply, dropped, refused


def test_get_retries_5xx_with_jittered_backoff_then_succeeds() -> None:
    client, adapter, sleeps = scripted_client(Reply(502), Reply(500), Reply(200, json=[{"id": 1}]), jitter=0.5)
    assert client.get_json("orders") == [{"id": 1}]
    assert len(adapter.requests) == 3
    assert sleeps == [0.5, 1.0]  # 0.5 * 1 s, then 0.5 * 2 s


def test_get_gives_up_after_max_attempts_with_a_transient_error() -> None:
    client, adapter, sleeps = scripted_client(*[Reply(500)] * 3, max_attempts=3)
    with pytest.raises(TransientApiError) as caught:
        client.get_json("orders")
    assert not isinstance(caught.value, AmbiguousWriteError)
    assert caught.value.status == 500
    assert len(adapter.requests) == 3
    assert len(sleeps) == 2


def test_429_honours_retry_after_exactly() -> None:
    client, _, sleeps = scripted_client(Reply(429, headers={"Retry-After": "7"}), Reply(200, json={}))
    client.get_json("orders")
    assert sleeps == [7.0]


def test_retry_after_longer_than_the_cap_is_capped() -> None:
    client, _, sleeps = scripted_client(Reply(429, headers={"Retry-After": "600"}), Reply(200, json={}),
                                        max_delay=45.0)
    client.get_json("orders")
    assert sleeps == [45.0]


def test_bigcommerce_quota_reset_header_sets_the_wait() -> None:
    client, _, sleeps = scripted_client(Reply(429, headers={"X-Rate-Limit-Time-Reset-Ms": "2500"}),
                                        Reply(200, json={}), system="bigcommerce")
    client.get_json("catalog/products")
    assert sleeps == [2.5]


def test_429_without_hint_falls_back_to_jittered_backoff() -> None:
    client, _, sleeps = scripted_client(Reply(429), Reply(200, json={}), jitter=0.25)
    client.get_json("orders")
    assert sleeps == [0.25]


def test_post_is_not_retried_after_a_500() -> None:
    client, adapter, sleeps = scripted_client(Reply(500), Reply(201, json={"id": 9}))
    with pytest.raises(AmbiguousWriteError) as caught:
        client.send_json("POST", "orders", json={"x": 1})
    assert caught.value.status == 500
    assert len(adapter.requests) == 1
    assert sleeps == []


@pytest.mark.parametrize("status", [502, 504])
def test_post_is_not_retried_after_a_gateway_error(status: int) -> None:
    client, adapter, _ = scripted_client(Reply(status), Reply(201, json={}))
    with pytest.raises(AmbiguousWriteError):
        client.send_json("POST", "orders", json={})
    assert len(adapter.requests) == 1


def test_post_is_retried_after_429_because_it_was_not_applied() -> None:
    client, adapter, sleeps = scripted_client(Reply(429, headers={"Retry-After": "2"}), Reply(201, json={"id": 9}))
    assert client.send_json("POST", "orders", json={"x": 1}) == {"id": 9}
    assert len(adapter.requests) == 2
    assert sleeps == [2.0]


def test_post_is_retried_after_503_with_retry_after_but_not_without() -> None:
    client, adapter, _ = scripted_client(Reply(503, headers={"Retry-After": "1"}), Reply(201, json={"id": 1}))
    assert client.send_json("POST", "orders", json={}) == {"id": 1}
    assert len(adapter.requests) == 2

    client, adapter, _ = scripted_client(Reply(503), Reply(201, json={"id": 1}))
    with pytest.raises(AmbiguousWriteError):
        client.send_json("POST", "orders", json={})
    assert len(adapter.requests) == 1


def test_post_after_read_timeout_is_ambiguous_and_not_resent() -> None:
    client, adapter, _ = scripted_client(requests.ReadTimeout("read timed out"), Reply(201, json={}))
    with pytest.raises(AmbiguousWriteError) as caught:
        client.send_json("POST", "orders", json={})
    assert caught.value.status is None
    assert "read timeout" in str(caught.value)
    assert len(adapter.requests) == 1


def test_post_after_dropped_connection_is_ambiguous() -> None:
    client, adapter, _ = scripted_client(dropped(), Reply(201, json={}))
    with pytest.raises(AmbiguousWriteError):
        client.send_json("PATCH", "orders/1", json={})
    assert len(adapter.requests) == 1


def test_post_is_retried_when_the_connection_was_never_made() -> None:
    client, adapter, _ = scripted_client(refused(), requests.ConnectTimeout("connect timed out"),
                                         Reply(201, json={"id": 3}))
    assert client.send_json("POST", "orders", json={}) == {"id": 3}
    assert len(adapter.requests) == 3


def test_get_is_retried_after_read_timeout_and_dropped_connection() -> None:
    client, adapter, _ = scripted_client(requests.ReadTimeout("slow"), dropped(), Reply(200, json=[]))
    assert client.get_json("orders") == []
    assert len(adapter.requests) == 3


@pytest.mark.parametrize("method", ["PUT", "DELETE"])
def test_idempotent_writes_are_retried_after_a_500(method: str) -> None:
    client, adapter, _ = scripted_client(Reply(500), Reply(200, json={"ok": True}))
    assert client.request(method, "products/5").json() == {"ok": True}
    assert len(adapter.requests) == 2


def test_caller_can_declare_a_post_idempotent() -> None:
    client, adapter, _ = scripted_client(Reply(500), Reply(200, json={"items": []}))
    response = client.request("POST", "search", json={}, idempotent=True)
    assert response.json() == {"items": []}
    assert len(adapter.requests) == 2


def test_connection_failures_that_outlast_the_retries_raise_transient_with_a_reason() -> None:
    client, adapter, _ = scripted_client(*[refused()] * 2, max_attempts=2)
    with pytest.raises(TransientApiError) as caught:
        client.send_json("POST", "orders", json={})
    assert not isinstance(caught.value, AmbiguousWriteError)
    assert "connection failed" in str(caught.value)
    assert len(adapter.requests) == 2


def test_post_redirect_is_not_followed_and_is_an_error() -> None:
    client, adapter, _ = scripted_client(Reply(301, headers={"Location": "https://other.example/orders"}))
    with pytest.raises(PermanentApiError) as caught:
        client.send_json("POST", "orders", json={})
    assert "unexpected redirect" in str(caught.value)
    assert len(adapter.requests) == 1


def test_non_json_answer_to_a_post_is_ambiguous() -> None:
    client, _, _ = scripted_client(Reply(200, text="<html>maintenance</html>"))
    with pytest.raises(AmbiguousWriteError):
        client.send_json("POST", "orders", json={})


def test_empty_answers_decode_to_none() -> None:
    client, _, _ = scripted_client(Reply(204), Reply(200, text=""))
    assert client.send_json("PUT", "orders/1", json={}) is None
    assert client.get_json("orders/1") is None
