"""The size cap stops reading the stream as soon as it is exceeded."""

from __future__ import annotations

import asyncio

import pytest
from starlette.requests import Request

from erplink.webhooks.body import BodyTooLarge, read_capped_body


def request_with_chunks(chunks: list[bytes], consumed: list[int], headers: list[tuple[bytes, bytes]] = ()) -> Request:
    async def receive() -> dict:
        index = len(consumed)
        consumed.append(index)
        return {"type": "http.request", "body": chunks[index], "more_body": index < len(chunks) - 1}

    scope = {"type": "http", "method": "POST", "path": "/", "headers": list(headers), "query_string": b""}
    return Request(scope, receive)


def test_stream_is_abandoned_at_the_first_chunk_past_the_cap() -> None:
    consumed: list[int] = []
    request = request_with_chunks([b"a" * 400] * 100, consumed)
    with pytest.raises(BodyTooLarge):
        asyncio.run(read_capped_body(request, 1000))
    assert len(consumed) == 3  # 400 + 400 + 400 > 1000: the other 97 chunks were never read


def test_body_up_to_the_cap_is_returned_whole() -> None:
    request = request_with_chunks([b"a" * 500, b"b" * 500], [])
    assert asyncio.run(read_capped_body(request, 1000)) == b"a" * 500 + b"b" * 500


def test_declared_length_over_the_cap_is_refused_before_reading() -> None:
    consumed: list[int] = []
    request = request_with_chunks([b"a"], consumed, headers=[(b"content-length", b"5000")])
    with pytest.raises(BodyTooLarge):
        asyncio.run(read_capped_body(request, 1000))
    assert consumed == []
