"""Reading a request body with a hard size cap, enforced while the stream arrives."""

from __future__ import annotations

from starlette.requests import Request


class BodyTooLarge(Exception):
    pass


async def read_capped_body(request: Request, limit: int) -> bytes:
    """The whole body, or BodyTooLarge as soon as more than ``limit`` bytes were declared or received."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge
    chunks: list[bytes] = []
    received = 0
    # A missing or lying Content-Length (chunked uploads) is caught here, before more than `limit` is buffered.
    async for chunk in request.stream():
        received += len(chunk)
        if received > limit:
            raise BodyTooLarge
        chunks.append(chunk)
    return b"".join(chunks)
