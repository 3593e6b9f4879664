"""Authentication as WC_REST_Authentication does it (API-FACTS section 1, "Auth"; specs/woocommerce/source/
includes/wp-api-v3/_authentication.md)."""

from __future__ import annotations

import time

import pytest
import requests
from oauthlib.oauth1 import SIGNATURE_HMAC_SHA1, SIGNATURE_TYPE_AUTH_HEADER
from requests_oauthlib import OAuth1
from woocommerce.oauth import OAuth

from sandbox.seed import generate_world
from sandbox.server import serve
from sandbox.woocommerce import create_sandbox
from sandbox.woocommerce.auth import ApiKey
from tests.sandbox.woocommerce.conftest import API_PATH


def test_https_basic_auth_with_the_official_client(store):
    response = store.https_api().get("orders", params={"per_page": 5})
    assert response.status_code == 200
    assert len(response.json()) == 5


def test_https_query_string_keys_with_the_official_client(store):
    response = store.https_api(query_string_auth=True).get("products")
    assert response.status_code == 200


def test_http_oauth1_in_the_query_with_the_official_client(store):
    response = store.http_api().get("orders", params={"per_page": 3, "status": "processing,completed"})
    assert response.status_code == 200, response.text
    assert {order["status"] for order in response.json()} <= {"processing", "completed"}


def test_http_oauth1_hmac_sha1_in_the_authorization_header(store):
    key = store.state.read_write_key
    auth = OAuth1(key.consumer_key, key.consumer_secret, signature_method=SIGNATURE_HMAC_SHA1,
                  signature_type=SIGNATURE_TYPE_AUTH_HEADER)
    response = requests.get(f"{store.running.http_url}{API_PATH}/orders", params={"per_page": 2}, auth=auth,
                            timeout=10)
    assert response.status_code == 200, response.text


def test_basic_auth_over_plain_http_is_ignored_so_the_caller_is_anonymous(store):
    response = requests.get(f"{store.running.http_url}{API_PATH}/orders",
                            auth=(store.conn["login"], store.conn["password"]), timeout=10)
    assert response.status_code == 401
    assert response.json()["code"] == "woocommerce_rest_cannot_view"


def test_query_keys_over_plain_http_are_ignored_too(store):
    response = requests.get(f"{store.running.http_url}{API_PATH}/orders", timeout=10,
                            params={"consumer_key": store.conn["login"], "consumer_secret": store.conn["password"]})
    assert response.status_code == 401
    assert response.json()["code"] == "woocommerce_rest_cannot_view"


def test_anonymous_create_is_refused_with_cannot_create(store):
    response = requests.post(f"{store.running.http_url}{API_PATH}/products", json={"name": "x"}, timeout=10)
    assert (response.status_code, response.json()["code"]) == (401, "woocommerce_rest_cannot_create")


def test_wrong_secret_over_https_is_refused_with_a_basic_challenge(store):
    response = store.get("/orders", auth=(store.conn["login"], "cs_wrong"))
    assert response.status_code == 401
    assert response.json()["message"] == "Consumer secret is invalid."
    assert response.headers["WWW-Authenticate"].startswith("Basic realm=")


def test_a_bad_oauth_signature_is_refused(store):
    key = store.state.read_write_key
    api = store.http_api(key=ApiKey(key.key_id, "", "read_write", key.consumer_key, "cs_not_the_secret"))
    response = api.get("orders")
    assert response.status_code == 401
    assert response.json()["message"] == "Invalid signature - provided signature does not match."


def test_an_unknown_consumer_key_is_refused(store):
    key = store.state.read_write_key
    api = store.http_api(key=ApiKey(9, "", "read_write", "ck_unknown", key.consumer_secret))
    assert api.get("orders").json()["message"] == "Consumer key is invalid."


def test_missing_oauth_parameters_are_named(store):
    response = requests.get(f"{store.running.http_url}{API_PATH}/orders", timeout=10,
                            params={"oauth_consumer_key": store.conn["login"], "oauth_nonce": "abc"})
    assert response.status_code == 401
    assert response.json()["code"] == "woocommerce_rest_authentication_missing_parameter"
    assert "oauth_timestamp" in response.json()["message"]


def test_a_replayed_nonce_is_refused(store):
    key = store.state.read_write_key
    url = f"{store.running.http_url}{API_PATH}/orders"
    signed = OAuth(url=url, consumer_key=key.consumer_key, consumer_secret=key.consumer_secret, version="wc/v3",
                   method="GET", oauth_timestamp=int(time.time())).get_oauth_url()
    assert requests.get(signed, timeout=10).status_code == 200
    replay = requests.get(signed, timeout=10)
    assert replay.status_code == 401
    assert replay.json()["message"] == "Invalid nonce - nonce has already been used."


def test_a_read_only_key_reads_but_cannot_write(store):
    """WC_REST_Authentication::check_permissions() refuses writes by a read key before the route runs."""
    api = store.http_api(key=store.state.read_key)
    assert api.get("products").status_code == 200
    response = api.post("products", {"name": "Nope"})
    assert response.status_code == 401
    assert response.json() == {"code": "woocommerce_rest_authentication_error",
                               "message": "The API key provided does not have write permissions.",
                               "data": {"status": 401}}


def test_a_host_that_strips_authorization_leaves_query_keys_as_the_fallback(store):
    store.running.faults.set({"strip_authorization": True})
    assert store.https_api().get("orders").status_code == 401
    assert store.https_api(query_string_auth=True).get("orders").status_code == 200


class FakeClock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def clocked_store():
    clock = FakeClock(time.time())
    sandbox = create_sandbox(generate_world(orders=10, skus=10), clock=clock)
    served = serve(sandbox.app)
    yield served, sandbox.state, clock
    served.stop()
    sandbox.close()


@pytest.mark.parametrize(("skew", "accepted"), [(-15 * 60, True), (15 * 60, True), (-15 * 60 - 1, False),
                                                 (15 * 60 + 1, False)])
def test_oauth_timestamps_must_fall_within_fifteen_minutes(clocked_store, skew, accepted):
    served, state, clock = clocked_store
    key = state.read_write_key
    stamp = int(time.time())
    clock.now = stamp - skew  # the store's clock is off by `skew` from the client's timestamp
    url = f"{served.base_url}{API_PATH}/orders"
    signed = OAuth(url=url, consumer_key=key.consumer_key, consumer_secret=key.consumer_secret, version="wc/v3",
                   method="GET", oauth_timestamp=stamp).get_oauth_url()
    response = requests.get(signed, timeout=10)
    assert (response.status_code == 200) is accepted, response.text
    if not accepted:
        assert response.json()["message"] == "Invalid timestamp."
