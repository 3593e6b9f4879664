"""StaticHeaderAuth (BigCommerce) and BasicAuth."""

from __future__ import annotations

import base64

import pytest
import requests

from erplink.auth import BasicAuth, RefreshableAuth, StaticHeaderAuth
from erplink.http.redact import mask


def test_static_header_sends_the_token_verbatim_without_bearer() -> None:
    request = requests.Request("GET", "https://api.example/stores/h/v3/catalog/products",
                               auth=StaticHeaderAuth(value="bc-token-0a9b8c7d")).prepare()
    assert request.headers["X-Auth-Token"] == "bc-token-0a9b8c7d"
    assert "Authorization" not in request.headers


def test_static_header_has_nothing_to_refresh_and_is_masked() -> None:
    auth = StaticHeaderAuth("X-Auth-Token", "bc-token-1f2e3d4c")
    assert not isinstance(auth, RefreshableAuth)
    assert mask("sent bc-token-1f2e3d4c") == "sent ***"


def test_static_header_needs_a_value() -> None:
    with pytest.raises(ValueError):
        StaticHeaderAuth("X-Auth-Token", "")


def test_basic_auth_header_and_masking() -> None:
    request = requests.Request("GET", "https://x.example/", auth=BasicAuth("user", "basic-pass-77aa")).prepare()
    assert request.headers["Authorization"] == "Basic " + base64.b64encode(b"user:basic-pass-77aa").decode()
    assert mask("basic-pass-77aa") == "***"
