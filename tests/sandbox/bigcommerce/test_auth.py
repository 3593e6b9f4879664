"""`X-Auth-Token` on the store's own hash is the only way in; anything else is the documented 401."""

from __future__ import annotations

import pytest
import requests
from sandbox import Sandbox

from tests.sandbox.bigcommerce.conftest import BASE_URL, store_url

UNAUTHORIZED = {
    "status": 401,
    "type": "/api-docs/getting-started/api-status-codes",
    "title": "Unauthorized - the v3 Auth client ID or token in the request are not a valid combination for this store.",
}


@pytest.mark.parametrize("path", ["v2/orders", "v3/catalog/products", "v3/hooks"])
def test_missing_token_is_401_with_the_v3_error_body(
    anonymous: requests.Session, bigcommerce: Sandbox, path: str
) -> None:
    response = anonymous.get(store_url(bigcommerce, path))
    assert response.status_code == 401
    assert response.json() == UNAUTHORIZED


def test_wrong_token_is_401(anonymous: requests.Session, bigcommerce: Sandbox) -> None:
    response = anonymous.get(store_url(bigcommerce, "v2/orders"), headers={"X-Auth-Token": "not-the-token"})
    assert response.status_code == 401


def test_right_token_on_another_store_hash_is_401(api: requests.Session, bigcommerce: Sandbox) -> None:
    response = api.get(f"{BASE_URL}/stores/otherstore/v2/orders")
    assert response.status_code == 401


def test_header_name_is_case_insensitive(anonymous: requests.Session, bigcommerce: Sandbox) -> None:
    token = bigcommerce.state.credentials.access_token
    response = anonymous.get(store_url(bigcommerce, "v2/orders/count"), headers={"x-auth-token": token})
    assert response.status_code == 200


def test_refused_requests_spend_no_quota(anonymous: requests.Session, bigcommerce: Sandbox) -> None:
    for _ in range(3):
        anonymous.get(store_url(bigcommerce, "v2/orders"))
    token = bigcommerce.state.credentials.access_token
    answered = anonymous.get(store_url(bigcommerce, "v2/orders/count"), headers={"X-Auth-Token": token})
    quota = int(answered.headers["X-Rate-Limit-Requests-Quota"])
    assert int(answered.headers["X-Rate-Limit-Requests-Left"]) == quota - 1
