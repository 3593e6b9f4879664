"""URLs WordPress builds from the host a request came in on, spliced into cached response bytes.

A store builds some URLs (an order's `payment_url`) from `home_url()`, and on a real 9.9.5 store that follows the
Host of the request: one unchanged order read through two host names differs there. Responses are cached per
document, so the cached bytes hold a marker where the origin goes and each response swaps in its own origin.
"""

from __future__ import annotations

import functools

from fastapi import Request

from sandbox.woocommerce.encoding import wp_json

# A NUL never occurs in the store's own text, so its JSON escape marks the spot unambiguously.
ORIGIN_MARKER = "\x00origin\x00"
_ENCODED_MARKER = wp_json(ORIGIN_MARKER)[1:-1]


def request_origin(request: Request) -> str:
    """`scheme://host[:port]` as the client addressed the store (its Host header)."""
    return f"{request.url.scheme}://{request.url.netloc}"


def splice_origin(body: bytes, origin: str) -> bytes:
    """The cached bytes with each marker replaced by ``origin``, escaped as wp_json_encode() escapes it."""
    return body.replace(_ENCODED_MARKER, _encoded(origin))


@functools.lru_cache(maxsize=64)
def _encoded(origin: str) -> bytes:
    return wp_json(origin)[1:-1]
