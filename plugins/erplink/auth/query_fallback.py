"""Credentials in the Authorization header, or in the query string for hosts that strip that header.

A placement of ``auto`` starts in the header and moves to the query string, once and for good, on the first 401
that shows no credentials arrived at all. Only the system can tell that from its 401 (its own error codes), so it
hands in ``credentials_missing``; a 401 for credentials the system did read never switches: the key is wrong,
not lost.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Literal

import requests

Placement = Literal["header", "query", "auto"]


class QueryFallback:
    """Where the credentials go under a placement, and the ``auto`` switch from the header to the query string.

    ``query_marker`` is what a request carries in its URL once its credentials are there. ``on_switch`` runs under
    the lock, before any request can see the new placement.
    """

    def __init__(
        self,
        placement: Placement,
        *,
        query_marker: str,
        credentials_missing: Callable[[requests.Response], bool],
        on_switch: Callable[[], None] = lambda: None,
    ) -> None:
        self.placement = placement
        self.in_query = placement == "query"
        self._marker = query_marker
        self._credentials_missing = credentials_missing
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
            if not self._credentials_missing(response):
                return False
            self._on_switch()
            self.in_query = True
            return True
