"""Adobe Commerce (Magento) error bodies parsed into (code, message)."""

from __future__ import annotations

from typing import Any

import requests

from erplink.systems.adobe_commerce.error_body import magento_error
from tests.erplink.http.scripted import Reply, build_response


def response(status: int, body: Any = None, text: str | None = None) -> requests.Response:
    request = requests.Request("GET", "https://x.example/y").prepare()
    return build_response(request, Reply(status, json=body, text=text))


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
