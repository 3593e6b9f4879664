"""RestClient: typed errors for 4xx, the vendor's own code and message, and one re-authentication on 401."""

from __future__ import annotations

import pickle

import pytest
import requests
from requests.auth import AuthBase

from erplink.systems.adobe_commerce.error_body import magento_error
from erplink.systems.woocommerce.error_body import woocommerce_error
from erplink.http.errors import AuthenticationError, NotFoundError, PermanentApiError, TransientApiError
from tests.erplink.http.helpers import scripted_client
from tests.erplink.http.scripted import Reply


class CountingRefreshAuth(AuthBase):
    """Sends ``Bearer t<n>``; each on_unauthorized moves to the next token and says so."""

    def __init__(self, *, repairs: bool = True) -> None:
        self.generation = 1
        self.refreshes = 0
        self.repairs = repairs

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers["Authorization"] = f"Bearer t{self.generation}"
        return request

    def on_unauthorized(self, response: requests.Response) -> bool:
        self.refreshes += 1
        if self.repairs:
            self.generation += 1
        return self.repairs


def test_400_raises_permanent_error_with_the_vendor_code_and_message() -> None:
    body = {"code": "woocommerce_rest_invalid_sku", "message": "Invalid or duplicated SKU.", "data": {"status": 400}}
    client, adapter, sleeps = scripted_client(Reply(400, json=body), error_parser=woocommerce_error)
    with pytest.raises(PermanentApiError) as caught:
        client.send_json("POST", "products", json={"sku": "A"})
    error = caught.value
    assert (error.system, error.method, error.status) == ("woocommerce", "POST", 400)
    assert error.code == "woocommerce_rest_invalid_sku"
    assert error.vendor_message == "Invalid or duplicated SKU."
    assert error.url == "https://shop.example/wp-json/wc/v3/products"
    assert "woocommerce_rest_invalid_sku" in str(error) and "HTTP 400" in str(error)
    assert len(adapter.requests) == 1 and sleeps == []


def test_magento_placeholders_reach_the_error() -> None:
    body = {"message": "Invalid product data: %1", "parameters": ["Invalid attribute set entity type"]}
    client, _, _ = scripted_client(Reply(400, json=body), system="magento", error_parser=magento_error)
    with pytest.raises(PermanentApiError) as caught:
        client.get_json("V1/products/x")
    assert caught.value.vendor_message == "Invalid product data: Invalid attribute set entity type"


def test_404_raises_not_found() -> None:
    client, _, _ = scripted_client(Reply(404, json={"code": "rest_no_route", "message": "No route"}))
    with pytest.raises(NotFoundError) as caught:
        client.get_json("orders/77")
    assert caught.value.status == 404 and caught.value.code == "rest_no_route"


def test_a_broken_error_parser_does_not_hide_the_http_error() -> None:
    def broken(response: requests.Response) -> tuple[str | None, str | None]:
        raise KeyError("bug")

    client, _, _ = scripted_client(Reply(422, json={}), error_parser=broken)
    with pytest.raises(PermanentApiError) as caught:
        client.get_json("orders")
    assert caught.value.status == 422 and caught.value.code is None


def test_401_refreshes_once_and_resends() -> None:
    auth = CountingRefreshAuth()
    client, adapter, sleeps = scripted_client(Reply(401), Reply(200, json={"ok": 1}), auth=auth)
    assert client.get_json("orders") == {"ok": 1}
    assert auth.refreshes == 1
    assert [r.headers["Authorization"] for r in adapter.requests] == ["Bearer t1", "Bearer t2"]
    assert sleeps == []  # a re-authentication is not a backoff retry


def test_401_after_the_refresh_raises_authentication_error() -> None:
    auth = CountingRefreshAuth()
    client, adapter, _ = scripted_client(Reply(401), Reply(401), Reply(200, json={}), auth=auth)
    with pytest.raises(AuthenticationError) as caught:
        client.get_json("orders")
    assert caught.value.status == 401
    assert auth.refreshes == 1
    assert len(adapter.requests) == 2


def test_401_is_final_when_the_auth_cannot_refresh() -> None:
    auth = CountingRefreshAuth(repairs=False)
    client, adapter, _ = scripted_client(Reply(401), Reply(200, json={}), auth=auth)
    with pytest.raises(AuthenticationError):
        client.get_json("orders")
    assert auth.refreshes == 1 and len(adapter.requests) == 1


def test_401_is_final_for_an_auth_without_refresh_support() -> None:
    client, adapter, _ = scripted_client(Reply(401), Reply(200, json={}), auth=requests.auth.HTTPBasicAuth("u", "p"))
    with pytest.raises(AuthenticationError):
        client.get_json("orders")
    assert len(adapter.requests) == 1


def test_refresh_happens_once_per_request_even_across_backoff_retries() -> None:
    auth = CountingRefreshAuth()
    client, adapter, _ = scripted_client(Reply(401), Reply(503), Reply(401), Reply(200, json={}), auth=auth)
    with pytest.raises(AuthenticationError):
        client.get_json("orders")
    assert auth.refreshes == 1
    assert len(adapter.requests) == 3


def test_403_is_an_authentication_error_without_refresh() -> None:
    auth = CountingRefreshAuth()
    client, _, _ = scripted_client(Reply(403, json={"code": "woocommerce_rest_cannot_view", "message": "No."}),
                                   auth=auth)
    with pytest.raises(AuthenticationError):
        client.get_json("orders")
    assert auth.refreshes == 0


def test_a_refreshed_post_is_resent_because_a_401_was_not_applied() -> None:
    auth = CountingRefreshAuth()
    client, adapter, _ = scripted_client(Reply(401), Reply(201, json={"id": 5}), auth=auth)
    assert client.send_json("POST", "orders", json={}) == {"id": 5}
    assert len(adapter.requests) == 2


def test_errors_survive_pickling_with_their_fields() -> None:
    client, _, _ = scripted_client(*[Reply(503, headers={"Retry-After": "1"})] * 2, max_attempts=2)
    with pytest.raises(TransientApiError) as caught:
        client.get_json("orders")
    copy = pickle.loads(pickle.dumps(caught.value))
    assert type(copy) is TransientApiError
    assert (copy.status, copy.retry_after, str(copy)) == (503, 1.0, str(caught.value))
