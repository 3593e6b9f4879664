"""Who the store lets in: an integration's OAuth 1.0a signature (HMAC-SHA256 or HMAC-SHA1) with a fresh nonce, an
admin token until it expires, and an integration token as a bearer only when the store allows it; everything else
is refused with Magento's own words."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from sandbox import Sandbox

from tests.sandbox.adobe_commerce.conftest import FakeClock, oauth_for, rest_url

NOT_AUTHORIZED = {
    "message": "The consumer isn't authorized to access %resources.",
    "parameters": {"resources": "Magento_Sales::actions_view"},
}


@pytest.mark.parametrize("method", ["HMAC-SHA256", "HMAC-SHA1"])
def test_a_request_signed_with_the_integration_tokens_is_answered(
    anonymous: requests.Session, store: Sandbox, clock: FakeClock, method: str
) -> None:
    answer = anonymous.get(
        rest_url(store, "orders"), params={"searchCriteria[pageSize]": 5}, auth=oauth_for(store, clock, method=method)
    )
    assert answer.status_code == 200
    assert len(answer.json()["items"]) == 5


def test_a_signature_made_with_the_wrong_secret_is_refused(
    anonymous: requests.Session, store: Sandbox, clock: FakeClock
) -> None:
    answer = anonymous.get(rest_url(store, "orders"), auth=oauth_for(store, clock, resource_owner_secret="x" * 32))
    assert answer.status_code == 401
    assert answer.json() == {"message": "The signature is invalid. Verify and try again."}


def test_a_signature_over_other_query_values_is_refused(
    anonymous: requests.Session, store: Sandbox, clock: FakeClock
) -> None:
    signed = requests.Request(
        "GET", rest_url(store, "orders"), params={"searchCriteria[pageSize]": 5}, auth=oauth_for(store, clock)
    ).prepare()
    assert signed.url is not None
    signed.url = signed.url.replace("pageSize%5D=5", "pageSize%5D=50")
    answer = anonymous.send(signed)
    assert answer.status_code == 401
    assert answer.json()["message"] == "The signature is invalid. Verify and try again."


def test_a_replayed_nonce_is_refused(anonymous: requests.Session, store: Sandbox, clock: FakeClock) -> None:
    signed = requests.Request("GET", rest_url(store, "orders"), auth=oauth_for(store, clock)).prepare()
    assert anonymous.send(signed).status_code == 200
    replay = anonymous.send(signed)
    assert replay.status_code == 401
    assert replay.json() == {
        "message": "The nonce is already being used by the consumer with ID %1",
        "parameters": ["1"],
    }


def test_a_timestamp_beyond_the_allowed_deviation_is_refused(
    anonymous: requests.Session, store: Sandbox, clock: FakeClock
) -> None:
    auth = oauth_for(store, clock)
    auth.client.timestamp = str(int(clock().timestamp()) + 3600)
    answer = anonymous.get(rest_url(store, "orders"), auth=auth)
    assert answer.status_code == 400
    assert answer.json()["message"] == "Incorrect timestamp value in the oauth_timestamp parameter"


def test_no_credentials_is_the_consumer_not_authorized_body(anonymous: requests.Session, store: Sandbox) -> None:
    answer = anonymous.get(rest_url(store, "orders"))
    assert answer.status_code == 401
    assert answer.json() == NOT_AUTHORIZED


def test_the_integration_token_as_a_bearer_is_refused_by_default(anonymous: requests.Session, store: Sandbox) -> None:
    bearer = {"Authorization": f"Bearer {store.state.credentials.access_token}"}
    answer = anonymous.get(rest_url(store, "orders"), headers=bearer)
    assert answer.status_code == 401
    assert answer.json() == NOT_AUTHORIZED


@pytest.mark.parametrize("options", [{"integration_as_bearer": True}])
def test_the_integration_token_as_a_bearer_is_accepted_when_the_store_allows_it(
    anonymous: requests.Session, store: Sandbox, options: dict[str, Any]
) -> None:
    bearer = {"Authorization": f"Bearer {store.state.credentials.access_token}"}
    assert anonymous.get(rest_url(store, "orders"), headers=bearer).status_code == 200


def _admin_token(session: requests.Session, sandbox: Sandbox) -> str:
    credentials = sandbox.state.credentials
    answer = session.post(
        f"{rest_url(sandbox, 'integration/admin/token')}",
        json={"username": credentials.admin_username, "password": credentials.admin_password},
    )
    assert answer.status_code == 200
    token: str = answer.json()
    return token


def test_an_admin_token_works_until_its_four_hours_are_over(
    anonymous: requests.Session, store: Sandbox, clock: FakeClock
) -> None:
    bearer = {"Authorization": f"Bearer {_admin_token(anonymous, store)}"}
    clock.advance(4 * 3600 - 60)
    assert anonymous.get(rest_url(store, "orders"), headers=bearer).status_code == 200
    clock.advance(61)
    expired = anonymous.get(rest_url(store, "orders"), headers=bearer)
    assert expired.status_code == 401
    assert expired.json() == NOT_AUTHORIZED


@pytest.mark.parametrize("options", [{"admin_token_lifetime_s": 600}])
def test_the_admin_token_lifetime_is_an_option(
    anonymous: requests.Session, store: Sandbox, clock: FakeClock, options: dict[str, Any]
) -> None:
    bearer = {"Authorization": f"Bearer {_admin_token(anonymous, store)}"}
    clock.advance(601)
    assert anonymous.get(rest_url(store, "orders"), headers=bearer).status_code == 401


def test_a_wrong_admin_password_gets_no_token(anonymous: requests.Session, store: Sandbox) -> None:
    answer = anonymous.post(
        rest_url(store, "integration/admin/token"),
        json={"username": store.state.credentials.admin_username, "password": "wrong"},
    )
    assert answer.status_code == 401
    assert answer.json()["message"].startswith("The account sign-in was incorrect")
