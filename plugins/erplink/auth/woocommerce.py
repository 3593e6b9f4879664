"""WooCommerce REST keys (``ck_…``/``cs_…``) over HTTPS: Basic header, query string, or header then query."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Literal

import requests
from requests.auth import AuthBase, HTTPBasicAuth

from erplink.http.redact import register_secret

Placement = Literal["header", "query", "auto"]

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
        self._fallback = QueryFallback(placement, query_marker="consumer_key=")
        register_secret(consumer_key, consumer_secret)

    @property
    def uses_query(self) -> bool:
        return self._fallback.in_query

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        if self._fallback.in_query:
            request.prepare_url(request.url, {"consumer_key": self.consumer_key,
                                              "consumer_secret": self._consumer_secret})
            return request
        return HTTPBasicAuth(self.consumer_key, self._consumer_secret)(request)

    def on_unauthorized(self, response: requests.Response) -> bool:
        return self._fallback.on_unauthorized(response)


class QueryFallback:
    """Where the credentials go under a placement, and the ``auto`` switch from the header to the query string.

    Shared by the key auth over HTTPS and OAuth 1.0a over plain HTTP: both start in the Authorization header and
    move to the query string, once and for good, on the first 401 that shows no credentials arrived (a host that
    strips the header). ``query_marker`` is what a request carries in its URL once its credentials are there.
    ``on_switch`` runs under the lock, before any request can see the new placement.
    """

    def __init__(self, placement: Placement, *, query_marker: str, on_switch: Callable[[], None] = lambda: None
                 ) -> None:
        self.placement = placement
        self.in_query = placement == "query"
        self._marker = query_marker
        self._on_switch = on_switch
        self._lock = threading.Lock()

    def on_unauthorized(self, response: requests.Response) -> bool:
        """True when this request is worth sending once more with its credentials in the query string."""
        if self.placement != "auto":
            return False
        sent_in_query = response.request is not None and self._marker in (response.request.url or "")
        with self._lock:
            if self.in_query:
                # Already switched; True only if this request went out before the switch.
                return not sent_in_query
            if not credentials_not_seen(response):
                return False
            self._on_switch()
            self.in_query = True
            return True


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
