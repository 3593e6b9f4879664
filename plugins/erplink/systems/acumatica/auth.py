"""Acumatica's OAuth 2.0 password grant, minding the licence: a token holds an API-user seat from its first use
until it is logged out or idles out (20 minutes), and Acumatica does not free it when the token expires.

So a token renewed while it is still valid (the client renews shortly before expiry) is logged out first: its
seat is given back before the new token takes one. Without that, a task running longer than a token's lifetime
holds one more seat at every renewal, and a licence of two seats refuses the third token with "API Login Limit".
A token the server refused (401: revoked, or expired by the server's clock) cannot be logged out with; its seat
frees when it idles out.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

import requests

from erplink.auth import OAuth2PasswordGrant
from erplink.auth.base import BearerToken
from erplink.http.errors import ApiError

log = logging.getLogger(__name__)

LOGOUT_ENDPOINT = "POST auth/logout"


class AcumaticaPasswordGrant(OAuth2PasswordGrant):
    """``OAuth2PasswordGrant`` that logs a still-valid token out before renewing it; ``logout_url`` is the
    instance's ``/entity/auth/logout``."""

    def __init__(self, *args: Any, logout_url: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.logout_url = logout_url
        self._renewing_refused = threading.local()  # per thread: the renewal this thread runs follows a 401

    def on_unauthorized(self, response: requests.Response) -> bool:
        # A refused token has no session left to end, so the renewal this triggers tries no logout with it.
        self._renewing_refused.value = True
        try:
            return super().on_unauthorized(response)
        finally:
            self._renewing_refused.value = False

    def _obtain(self, previous: BearerToken | None) -> BearerToken:
        refused = getattr(self._renewing_refused, "value", False)
        if previous is not None and not refused and not previous.expires_within(self._clock(), 0):
            self.log_out(previous)
        return super()._obtain(previous)

    def log_out(self, token: BearerToken | None = None) -> None:
        """End the session of ``token`` (the current one by default); a failure is logged, not raised: the seat
        frees when the session idles out, and the error that may have led here must not be hidden."""
        token = token or self._token
        if token is None:
            return
        try:
            self._http.request(
                "POST",
                self.logout_url,
                headers={"Authorization": f"Bearer {token.value}"},
                endpoint=LOGOUT_ENDPOINT,
                idempotent=True,
            )
        except ApiError as exc:
            log.warning("Acumatica logout failed (the seat frees when the session idles out): %s", exc)
