"""Vendor error bodies parsed into (code, message)."""

from __future__ import annotations

from typing import Any

import requests

from erplink.http.error_bodies import (
    acumatica_error,
    bigcommerce_error,
    generic_error,
    magento_error,
    oauth2_error,
    qad_error,
    woocommerce_error,
)
from tests.erplink.http.scripted import Reply, build_response


def response(status: int, body: Any = None, text: str | None = None) -> requests.Response:
    request = requests.Request("GET", "https://x.example/y").prepare()
    return build_response(request, Reply(status, json=body, text=text))


def test_woocommerce() -> None:
    body = {"code": "woocommerce_rest_term_invalid", "message": "Resource doesn't exist.", "data": {"status": 404}}
    assert woocommerce_error(response(404, body)) == ("woocommerce_rest_term_invalid", "Resource doesn't exist.")


def test_non_json_body_gives_its_text_shortened_and_on_one_line() -> None:
    code, message = woocommerce_error(response(502, text="<html>\n  <body>Bad gateway</body>\n" + "x" * 1000))
    assert code is None
    assert message.startswith("<html> <body>Bad gateway</body>")
    assert len(message) == 300


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


def test_magento_positional_and_named_placeholders() -> None:
    body = {"message": "Invalid product data: %1", "parameters": ["Invalid attribute set entity type"]}
    assert magento_error(response(400, body)) == (None, "Invalid product data: Invalid attribute set entity type")
    body = {"message": "No such entity with %fieldName = %fieldValue",
            "parameters": {"fieldName": "cartId", "fieldValue": 7}}
    assert magento_error(response(404, body)) == (None, "No such entity with cartId = 7")


def test_magento_nested_errors_and_code() -> None:
    body = {"message": "Validation failed", "code": 1, "errors": [
        {"message": "%1 is required", "parameters": ["sku"]}, {"message": "price must be positive"}]}
    assert magento_error(response(400, body)) == ("1", "Validation failed (sku is required; price must be positive)")


def test_magento_rate_limited_body() -> None:
    assert magento_error(response(429, {"message": "Too Many Requests", "trace": None})) == (None, "Too Many Requests")


def test_acumatica_http_error_with_model_state() -> None:
    body = {"message": "An error has occurred.", "exceptionMessage": "Customer 'C1' cannot be found.",
            "exceptionType": "PX.Data.PXException", "modelState": {"CustomerID": ["is required", "is unknown"]}}
    assert acumatica_error(response(500, body)) == (
        "PX.Data.PXException", "Customer 'C1' cannot be found.: CustomerID: is required, is unknown")


def test_acumatica_422_entity_with_field_errors() -> None:
    body = {"id": "3f2504e0", "CustomerID": {"value": "NOPE", "error": "'Customer' cannot be found in the system."},
            "Description": {"value": "ok"}}
    assert acumatica_error(response(422, body)) == (None, "CustomerID: 'Customer' cannot be found in the system.")


def test_qad_error_object() -> None:
    body = {"error": {"code": "ITEM_NOT_FOUND", "message": "Item 10-100 does not exist"}}
    assert qad_error(response(422, body)) == ("ITEM_NOT_FOUND", "Item 10-100 does not exist")


def test_oauth2_token_endpoint_error() -> None:
    body = {"error": "invalid_client", "error_description": "Client authentication failed"}
    assert oauth2_error(response(400, body)) == ("invalid_client", "Client authentication failed")


def test_generic_reads_the_common_shapes() -> None:
    assert generic_error(response(400, {"code": "X", "message": "m"})) == ("X", "m")
    assert generic_error(response(400, {"title": "t"})) == (None, "t")
    assert generic_error(response(400, {"error": {"code": "c", "message": "m"}})) == ("c", "m")
    assert generic_error(response(400, text="")) == (None, None)
