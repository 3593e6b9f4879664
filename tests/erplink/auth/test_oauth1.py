"""OAuth 1.0a signing, checked against signatures computed independently per RFC 5849 section 3.4."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import re
from urllib.parse import parse_qsl, quote, unquote, urlsplit

import pytest
import requests

from erplink.auth import OAuth1OneLegged, OAuth1TokenAuth
from erplink.systems.woocommerce.auth import credentials_not_seen

NONCE = "kllo9940pd9333jh"
TIMESTAMP = 1_700_000_000


def enc(value: str) -> str:
    """RFC 5849 3.6 percent-encoding: everything but ALPHA, DIGIT, '-', '.', '_', '~'."""
    return quote(value, safe="~")


def expected_signature(method: str, url: str, oauth_params: dict[str, str], consumer_secret: str,
                       token_secret: str = "", digest=hashlib.sha256) -> str:
    parts = urlsplit(url)
    base_uri = f"{parts.scheme.lower()}://{parts.netloc.lower()}{parts.path}"  # 3.4.1.2 (default ports omitted)
    pairs = [*parse_qsl(parts.query, keep_blank_values=True), *oauth_params.items()]  # 3.4.1.3.1, body excluded
    normalized = "&".join(f"{k}={v}" for k, v in sorted((enc(k), enc(v)) for k, v in pairs))  # 3.4.1.3.2
    base_string = "&".join((method.upper(), enc(base_uri), enc(normalized)))  # 3.4.1.1
    key = f"{enc(consumer_secret)}&{enc(token_secret)}"  # 3.4.2
    return base64.b64encode(hmac.new(key.encode(), base_string.encode(), digest).digest()).decode()


def header_params(request: requests.PreparedRequest) -> dict[str, str]:
    header = request.headers["Authorization"]
    header = header.decode() if isinstance(header, bytes) else header
    assert header.startswith("OAuth ")
    return {k: unquote(v) for k, v in re.findall(r'(\w+)="([^"]*)"', header)}


def sign(auth: requests.auth.AuthBase, method: str, url: str, **kwargs) -> requests.PreparedRequest:
    return requests.Request(method, url, auth=auth, **kwargs).prepare()


def one_legged(method: str = "HMAC-SHA256", **kwargs) -> OAuth1OneLegged:
    return OAuth1OneLegged("ck_a1b2c3", "cs_d4e5f6", method, clock=lambda: TIMESTAMP,
                           nonce_factory=lambda: NONCE, **kwargs)


@pytest.mark.parametrize(("method", "digest"), [("HMAC-SHA256", hashlib.sha256), ("HMAC-SHA1", hashlib.sha1)])
def test_one_legged_signature_matches_an_independent_computation(method: str, digest) -> None:
    url = "http://shop.example/wp-json/wc/v3/orders?status=processing&per_page=50&search=a b~c"
    request = sign(one_legged(method), "GET", url)
    params = header_params(request)
    signature = params.pop("oauth_signature")
    assert params == {"oauth_consumer_key": "ck_a1b2c3", "oauth_nonce": NONCE, "oauth_timestamp": str(TIMESTAMP),
                      "oauth_signature_method": method}
    assert signature == expected_signature("GET", request.url, params, "cs_d4e5f6", digest=digest)


def test_one_legged_omits_oauth_version_and_does_not_sign_a_json_body() -> None:
    url = "http://shop.example/wp-json/wc/v3/orders"
    body = {"status": "completed", "note": "a&b=c"}
    request = sign(one_legged(), "POST", url, json=body)
    params = header_params(request)
    assert "oauth_version" not in params and "oauth_body_hash" not in params
    signature = params.pop("oauth_signature")
    assert signature == expected_signature("POST", url, params, "cs_d4e5f6")
    assert json.loads(request.body) == body  # the body goes out untouched


def test_one_legged_query_placement_signs_into_the_url() -> None:
    request = sign(one_legged(placement="query"), "GET", "http://shop.example/wp-json/wc/v3/products?sku=X1")
    assert "Authorization" not in request.headers
    query = dict(parse_qsl(urlsplit(request.url).query))
    signature = query.pop("oauth_signature")
    oauth = {k: v for k, v in query.items() if k.startswith("oauth_")}
    assert set(oauth) == {"oauth_consumer_key", "oauth_nonce", "oauth_timestamp", "oauth_signature_method"}
    unsigned_url = "http://shop.example/wp-json/wc/v3/products?sku=X1"
    assert signature == expected_signature("GET", unsigned_url, oauth, "cs_d4e5f6")


def test_token_auth_signs_with_consumer_and_token_secrets_and_keeps_the_version() -> None:
    auth = OAuth1TokenAuth("mg_consumer", "mg_consumer_secret", "mg_token", "mg_token_secret",
                           clock=lambda: TIMESTAMP, nonce_factory=lambda: NONCE)
    url = "https://magento.example/rest/default/V1/orders?searchCriteria[pageSize]=20"
    request = sign(auth, "GET", url)
    params = header_params(request)
    signature = params.pop("oauth_signature")
    assert params["oauth_token"] == "mg_token"
    assert params["oauth_version"] == "1.0"
    assert params["oauth_signature_method"] == "HMAC-SHA256"
    assert signature == expected_signature("GET", request.url, params, "mg_consumer_secret", "mg_token_secret")


def test_rfc5849_section_1_2_example_vector() -> None:
    """RFC 5849 1.2: the signed photo request, oauth_signature="MdpQcU8iPSUjWoN%2FUDMsK2sui9I%3D"."""
    auth = OAuth1TokenAuth("dpf43f3p2l4k3l03", "kd94hf93k423kf44", "nnch734d00sl2jdk", "pfkkdhi9sl3r4s00",
                           signature_method="HMAC-SHA1", include_version=False,
                           clock=lambda: 137131202, nonce_factory=lambda: "chapoH")
    request = sign(auth, "GET", "http://photos.example.net/photos?file=vacation.jpg&size=original")
    assert header_params(request)["oauth_signature"] == "MdpQcU8iPSUjWoN/UDMsK2sui9I="


def test_each_request_gets_a_fresh_nonce_and_timestamp_by_default() -> None:
    auth = OAuth1OneLegged("ck_x", "cs_y")
    first = header_params(sign(auth, "GET", "http://s.example/a"))
    second = header_params(sign(auth, "GET", "http://s.example/a"))
    assert first["oauth_nonce"] != second["oauth_nonce"]


def test_unsupported_signature_method_is_refused() -> None:
    with pytest.raises(ValueError):
        OAuth1OneLegged("ck", "cs", "PLAINTEXT")  # type: ignore[arg-type]


def test_signing_libraries_debug_logs_do_not_carry_the_credentials(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    auth = OAuth1TokenAuth("mg_consumer_k1", "mg_consumer_s1", "mg_access_t1", "mg_access_s1")
    sign(auth, "GET", "https://magento.example/rest/V1/orders")
    lines = [r.getMessage() for r in caplog.records if r.name.startswith(("oauthlib", "requests_oauthlib"))]
    assert any("Authorization" in line for line in lines)  # the libraries did log the signed headers…
    for secret in ("mg_consumer_k1", "mg_consumer_s1", "mg_access_t1", "mg_access_s1"):
        assert not any(secret in line for line in lines)  # …with the credentials masked


# --- placement "auto": header first, then the query string once the header is shown to be lost --------------

NOT_LOGGED_IN = {"code": "woocommerce_rest_cannot_view", "message": "Sorry, you cannot list resources.",
                 "data": {"status": 401}}
BAD_SIGNATURE = {"code": "woocommerce_rest_authentication_error",
                 "message": "Invalid signature - provided signature does not match.", "data": {"status": 401}}


def _client(auth, *replies):
    from erplink.systems.woocommerce.error_body import woocommerce_error
    from tests.erplink.http.helpers import scripted_client
    from tests.erplink.http.scripted import Reply

    return scripted_client(*(Reply(status, json=body) for status, body in replies), auth=auth,
                           error_parser=woocommerce_error)


def _signed_in_query(request: requests.PreparedRequest) -> bool:
    query = dict(parse_qsl(urlsplit(request.url).query))
    return "oauth_signature" in query and query["oauth_consumer_key"] == "ck_a1b2c3" \
        and "Authorization" not in request.headers


def test_auto_signs_in_the_header_and_moves_to_the_query_once_the_header_is_lost() -> None:
    auth = OAuth1OneLegged("ck_a1b2c3", "cs_d4e5f6", placement="auto", credentials_missing=credentials_not_seen)
    client, adapter, _ = _client(auth, (401, NOT_LOGGED_IN), (200, []), (200, []))
    assert client.get_json("orders", params={"page": 1}) == []
    first, resent = adapter.requests
    assert header_params(first)["oauth_consumer_key"] == "ck_a1b2c3"
    assert _signed_in_query(resent)
    query = dict(parse_qsl(urlsplit(resent.url).query))
    signature = query.pop("oauth_signature")
    oauth = {k: v for k, v in query.items() if k.startswith("oauth_")}
    assert query["page"] == "1" and oauth["oauth_nonce"] != header_params(first)["oauth_nonce"], "signed afresh"
    assert signature == expected_signature("GET", resent.url.split("?")[0] + "?page=1", oauth, "cs_d4e5f6")
    client.get_json("orders")
    assert _signed_in_query(adapter.requests[2]), "the switch is for good"


def test_auto_does_not_switch_when_the_store_read_a_signature_it_refused() -> None:
    from erplink.http.errors import AuthenticationError

    auth = OAuth1OneLegged("ck_a1b2c3", "cs_d4e5f6", placement="auto", credentials_missing=credentials_not_seen)
    client, adapter, _ = _client(auth, (401, BAD_SIGNATURE))
    with pytest.raises(AuthenticationError):
        client.get_json("orders")
    assert len(adapter.requests) == 1 and not auth.uses_query


def test_auto_gives_up_when_the_query_signature_is_refused_too() -> None:
    from erplink.http.errors import AuthenticationError

    auth = OAuth1OneLegged("ck_a1b2c3", "cs_d4e5f6", placement="auto", credentials_missing=credentials_not_seen)
    client, adapter, _ = _client(auth, (401, NOT_LOGGED_IN), (401, NOT_LOGGED_IN))
    with pytest.raises(AuthenticationError):
        client.get_json("orders")
    assert len(adapter.requests) == 2


@pytest.mark.parametrize("placement", ["header", "query"])
def test_fixed_oauth1_placements_never_switch(placement: str) -> None:
    from erplink.http.errors import AuthenticationError

    auth = OAuth1OneLegged("ck_a1b2c3", "cs_d4e5f6", placement=placement)
    client, adapter, _ = _client(auth, (401, NOT_LOGGED_IN))
    with pytest.raises(AuthenticationError):
        client.get_json("orders")
    assert len(adapter.requests) == 1 and auth.uses_query == (placement == "query")


def test_unknown_oauth1_placement_is_refused() -> None:
    with pytest.raises(ValueError, match="placement"):
        OAuth1OneLegged("ck_a1b2c3", "cs_d4e5f6", placement="body")


@pytest.mark.parametrize("url", [
    "http://shop.example/wp-json/wc/v3/orders?per_page=100&page=3&status=any&dates_are_gmt=true",
    "http://shop.example/wp-json/wc/v3/orders?modified_after=2026-11-01T00%3A00%3A00&orderby=modified&order=desc",
    "http://shop.example/wp-json/wc/v3/products?sku=TEE-RED-M%2CTEE-BLUE-L",
])
def test_query_signature_equals_the_official_woocommerce_clients_signature(url: str) -> None:
    """WooCommerce's own Python client (Automattic's `woocommerce` package) signs the same request identically:
    a vector computed by code nobody here wrote."""
    from woocommerce.oauth import OAuth

    official = OAuth(url, "ck_a1b2c3", "cs_d4e5f6", version="wc/v3", method="GET", oauth_timestamp=TIMESTAMP)
    official.generate_nonce = lambda: NONCE  # its nonce is random; the signature covers it
    official_params = dict(parse_qsl(urlsplit(official.get_oauth_url()).query))

    ours = dict(parse_qsl(urlsplit(sign(one_legged(placement="query"), "GET", url).url).query))
    assert ours["oauth_nonce"] == official_params["oauth_nonce"] == NONCE
    assert ours["oauth_signature"] == official_params["oauth_signature"]


def test_auto_placement_needs_the_systems_reading_of_a_401() -> None:
    """Only the system can tell a 401 for lost credentials from one for a wrong key: without it, auto is refused."""
    with pytest.raises(ValueError, match="credentials_missing"):
        OAuth1OneLegged("ck_a1b2c3", "cs_d4e5f6", placement="auto")
