"""WooCommerce error bodies parsed into (code, message)."""

from __future__ import annotations

from typing import Any

import requests

from erplink.systems.woocommerce.error_body import woocommerce_error
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
