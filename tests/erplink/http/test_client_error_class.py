"""RestClient's ``error_class``: a protocol whose error body names the kind of failure decides the error type."""

from __future__ import annotations

import pytest

from erplink.http.errors import AmbiguousWriteError, ApiError, PermanentApiError, TransientApiError
from tests.erplink.http.helpers import scripted_client
from tests.erplink.http.scripted import Reply


def _by_code(_status: int, code: str | None) -> type[ApiError] | None:
    return {"refused": PermanentApiError, "busy": TransientApiError}.get(code or "")


def _code_parser(response) -> tuple[str | None, str | None]:
    return response.json().get("code"), None


def test_a_500_whose_body_says_refused_is_permanent_and_not_sent_again() -> None:
    client, adapter, _ = scripted_client(Reply(500, json={"code": "refused"}), error_parser=_code_parser,
                                         error_class=_by_code)  # fmt: skip
    with pytest.raises(PermanentApiError):
        client.request("POST", "documents", idempotent=True)
    assert len(adapter.requests) == 1


def test_a_500_whose_body_says_busy_is_sent_again_even_for_a_write() -> None:
    client, adapter, _ = scripted_client(Reply(500, json={"code": "busy"}), Reply(200, json={}),
                                         error_parser=_code_parser, error_class=_by_code)  # fmt: skip
    client.request("POST", "documents")
    assert len(adapter.requests) == 2


def test_without_a_verdict_the_status_decides_as_before() -> None:
    client, adapter, _ = scripted_client(Reply(500, json={"code": "other"}), error_parser=_code_parser,
                                         error_class=_by_code)  # fmt: skip
    with pytest.raises(AmbiguousWriteError):
        client.request("POST", "documents")
    assert len(adapter.requests) == 1
