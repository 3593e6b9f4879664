"""RestClient: secrets never reach exception texts or log records; requests and retries are logged."""

from __future__ import annotations

import logging
import traceback

import pytest
import requests
from requests.auth import AuthBase

from erplink.http.errors import ApiError, AmbiguousWriteError, PermanentApiError, TransientApiError
from tests.erplink.http.helpers import scripted_client
from tests.erplink.http.scripted import Reply, refused

KEY = "ck_live_4f1c2e9a7b"
SECRET = "cs_live_91d0b8e6aa"


class QueryKeyAuth(AuthBase):
    """Puts the keys in the query string, as WooCommerce's fallback does."""

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.prepare_url(request.url, {"consumer_key": KEY, "consumer_secret": SECRET})
        return request


def assert_clean(text: str) -> None:
    assert KEY not in text
    assert SECRET not in text


def every_message(caplog: pytest.LogCaptureFixture) -> str:
    return "\n".join(record.getMessage() for record in caplog.records)


def test_error_url_has_query_secrets_masked() -> None:
    client, _, _ = scripted_client(Reply(400, json={"code": "bad", "message": "Bad."}), auth=QueryKeyAuth())
    with pytest.raises(PermanentApiError) as caught:
        client.get_json("orders", params={"status": "processing"})
    assert_clean(str(caught.value))
    assert_clean(caught.value.url)
    assert "status=processing" in caught.value.url
    assert "consumer_secret=***" in caught.value.url


def test_secret_echoed_in_the_vendor_message_is_masked() -> None:
    body = {"code": "auth", "message": f"Consumer key {KEY} is invalid (secret {SECRET})."}
    client, _, _ = scripted_client(Reply(400, json=body), secrets=[KEY, SECRET])
    with pytest.raises(PermanentApiError) as caught:
        client.get_json("orders")
    assert_clean(str(caught.value))
    assert "Consumer key *** is invalid" in caught.value.vendor_message


def test_connection_error_text_with_a_raw_url_is_masked_and_its_cause_hidden() -> None:
    raw_url = f"/wp-json/wc/v3/orders?consumer_key={KEY}&consumer_secret={SECRET}"
    client, _, _ = scripted_client(refused(raw_url), max_attempts=1, secrets=[KEY])
    with pytest.raises(TransientApiError) as caught:
        client.get_json("orders")
    error = caught.value
    rendered = "".join(traceback.format_exception(error))
    assert_clean(rendered)
    assert error.__cause__ is None and error.__suppress_context__


def test_ambiguous_write_text_is_masked() -> None:
    client, _, _ = scripted_client(requests.ReadTimeout(f"read timed out for ?consumer_secret={SECRET}"),
                                   auth=QueryKeyAuth())
    with pytest.raises(AmbiguousWriteError) as caught:
        client.send_json("POST", "orders", json={})
    assert_clean(str(caught.value))


def test_requests_are_logged_at_debug_and_retries_at_warning_without_secrets(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="erplink.http")
    client, _, _ = scripted_client(Reply(503), Reply(429, headers={"Retry-After": "3"}), Reply(200, json=[]),
                                   auth=QueryKeyAuth(), jitter=0.5)
    client.get_json("orders", params={"page": 2})

    debug = [r for r in caplog.records if r.levelno == logging.DEBUG and r.name == "erplink.http.client"]
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(debug) == 3
    assert "-> 200 (attempt 3)" in debug[-1].getMessage()
    assert len(warnings) == 2
    first, second = (w.getMessage() for w in warnings)
    assert "HTTP 503" in first and "attempt 2 of 6" in first and "in 0.50s" in first
    assert "HTTP 429" in second and "attempt 3 of 6" in second and "in 3.00s" in second
    assert "page=2" in first and "consumer_key=***" in first
    assert_clean(every_message(caplog))


def test_secrets_given_to_the_client_are_masked_wherever_they_appear() -> None:
    client, _, _ = scripted_client(secrets=["tok-7788-secret"])
    assert client.redact("Bearer tok-7788-secret") == "Bearer ***"


def test_api_error_text_names_system_method_url_status_and_code() -> None:
    error = ApiError(system="qad", method="GET", url="https://erp/api/items", status=409, code="E42",
                     vendor_message="Locked")
    assert str(error) == "qad GET https://erp/api/items failed: HTTP 409 [E42]: Locked"
