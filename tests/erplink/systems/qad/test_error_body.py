"""QAD error bodies parsed into (code, message)."""

from __future__ import annotations

from typing import Any

import requests

from erplink.systems.qad.error_body import qad_error
from tests.erplink.http.scripted import Reply, build_response


def response(status: int, body: Any = None, text: str | None = None) -> requests.Response:
    request = requests.Request("GET", "https://x.example/y").prepare()
    return build_response(request, Reply(status, json=body, text=text))


def test_qad_error_object() -> None:
    body = {"error": {"code": "ITEM_NOT_FOUND", "message": "Item 10-100 does not exist"}}
    assert qad_error(response(422, body)) == ("ITEM_NOT_FOUND", "Item 10-100 does not exist")


def test_qads_bare_errors_body_gives_the_code_and_each_field_with_its_message():
    body = {"errors": [{"severity": 1, "code": "403", "message": "Access is denied", "fieldName": ""},
                       {"severity": 1, "code": "400", "message": "is required", "fieldName": "siteCode"}]}
    assert qad_error(response(403, body)) == ("403", "Access is denied; siteCode: is required")


def test_the_token_endpoints_spring_oauth_body_gives_error_and_description():
    assert qad_error(response(400, {"error": "invalid_grant", "error_description": "Bad credentials"})) == (
        "invalid_grant", "Bad credentials")
