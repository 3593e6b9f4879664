"""BigCommerce error bodies parsed into (code, message)."""

from __future__ import annotations

from typing import Any

import requests

from erplink.systems.bigcommerce.error_body import bigcommerce_error
from tests.erplink.http.scripted import Reply, build_response


def response(status: int, body: Any = None, text: str | None = None) -> requests.Response:
    request = requests.Request("GET", "https://x.example/y").prepare()
    return build_response(request, Reply(status, json=body, text=text))


def test_bigcommerce_v3_with_field_errors() -> None:
    body = {"status": 422, "title": "JSON data is missing or invalid", "type": "/api-docs/status-codes",
            "errors": {"name": "error.expected.jsstring"}}
    assert bigcommerce_error(response(422, body)) == (
        "422", "JSON data is missing or invalid: name: error.expected.jsstring")


def test_bigcommerce_v3_data_wrapped_errors() -> None:
    body = {"data": [{"status": 422, "title": "Refund amount is greater than remaining", "type": "t"}]}
    assert bigcommerce_error(response(422, body)) == ("422", "Refund amount is greater than remaining")


def test_bigcommerce_v2_list_and_errors_array() -> None:
    assert bigcommerce_error(response(404, [{"status": 404, "message": "The requested resource was not found."}])) \
        == ("404", "The requested resource was not found.")
    body = {"errors": [{"status": 400, "title": "Bad email"}, {"status": 400, "title": "Bad phone"}]}
    assert bigcommerce_error(response(400, body)) == ("400", "Bad email; Bad phone")
