"""Error bodies of the standards, and of any system, parsed into (code, message)."""

from __future__ import annotations

from typing import Any

import requests

from erplink.http.error_bodies import generic_error, oauth2_error
from tests.erplink.http.scripted import Reply, build_response


def response(status: int, body: Any = None, text: str | None = None) -> requests.Response:
    request = requests.Request("GET", "https://x.example/y").prepare()
    return build_response(request, Reply(status, json=body, text=text))


def test_oauth2_token_endpoint_error() -> None:
    body = {"error": "invalid_client", "error_description": "Client authentication failed"}
    assert oauth2_error(response(400, body)) == ("invalid_client", "Client authentication failed")


def test_generic_reads_the_common_shapes() -> None:
    assert generic_error(response(400, {"code": "X", "message": "m"})) == ("X", "m")
    assert generic_error(response(400, {"title": "t"})) == (None, "t")
    assert generic_error(response(400, {"error": {"code": "c", "message": "m"}})) == ("c", "m")
    assert generic_error(response(400, text="")) == (None, None)
