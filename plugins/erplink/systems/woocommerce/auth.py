"""WooCommerce REST keys (``ck_…``/``cs_…``) over HTTPS: Basic header, query string, or header then query."""

from __future__ import annotations

import requests
from requests.auth import AuthBase, HTTPBasicAuth

from erplink.auth.query_fallback import Placement, QueryFallback
from erplink.http.redact import register_secret

# Codes WooCommerce answers with when it saw no credentials at all: the permission check of an anonymous
# request, or the authentication layer's own "Consumer key is missing."
_NO_CREDENTIALS_SEEN = ("woocommerce_rest_cannot_", "rest_forbidden", "rest_not_logged_in")


class WooKeyAuth(AuthBase):
    """Consumer key and secret, placed where the store can read them.

    ``header`` sends HTTP Basic; ``query`` sends ``?consumer_key=…&consumer_secret=…`` (for servers that drop the
    Authorization header, as WooCommerce's docs warn); ``auto`` starts with the header and, on the first 401
    showing that no credentials arrived, switches to the query string for good. A 401 for a key the store did
    read ("Consumer key is invalid.") does not switch: the key is wrong, not lost.
    """

    def __init__(self, consumer_key: str, consumer_secret: str, placement: Placement = "header") -> None:
        if placement not in ("header", "query", "auto"):
            raise ValueError(f"placement must be header, query or auto, not {placement!r}")
        self.consumer_key = consumer_key
        self._consumer_secret = consumer_secret
        self.placement: Placement = placement
        self._fallback = QueryFallback(
            placement, query_marker="consumer_key=", credentials_missing=credentials_not_seen
        )
        register_secret(consumer_key, consumer_secret)

    @property
    def uses_query(self) -> bool:
        return self._fallback.in_query

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        if self._fallback.in_query:
            request.prepare_url(
                request.url, {"consumer_key": self.consumer_key, "consumer_secret": self._consumer_secret}
            )
            return request
        signed: requests.PreparedRequest = HTTPBasicAuth(self.consumer_key, self._consumer_secret)(request)
        return signed

    def on_unauthorized(self, response: requests.Response) -> bool:
        return self._fallback.on_unauthorized(response)


def credentials_not_seen(response: requests.Response) -> bool:
    """Whether a WooCommerce 401 says the request arrived with no credentials at all (rather than wrong ones)."""
    try:
        body = response.json()
    except ValueError:
        return False
    if not isinstance(body, dict):
        return False
    code = str(body.get("code") or "")
    message = str(body.get("message") or "").lower()
    if code == "woocommerce_rest_authentication_error":
        return "missing" in message
    return code.startswith(_NO_CREDENTIALS_SEEN)
