"""QAD JWT session: log in with a user name and password, then send the token as a bearer.

No public QAD REST spec exists (API-FACTS §5); the login shape here is the one the QAD emulator serves:
``POST <login_url>`` with JSON ``{"username", "password"}`` answering ``{"token", "expiresIn"}``, where
``expiresIn`` is in seconds. Field names are parameters so a real tenant's Swagger can be matched.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import requests

from erplink.auth.base import BearerToken, TokenEndpointAuth
from erplink.http.error_bodies import qad_error
from erplink.http.metrics import CallCounter
from erplink.http.retry import RetryPolicy


class QadSessionAuth(TokenEndpointAuth):
    """Logs in on first use, again ``skew`` seconds before the session expires, and again after a 401."""

    def __init__(
        self,
        login_url: str,
        username: str,
        password: str,
        session: requests.Session | None = None,
        clock: Callable[[], float] = time.monotonic,
        *,
        retry: RetryPolicy | None = None,
        counter: CallCounter | None = None,
        system: str = "qad",
        token_field: str = "token",
        expires_field: str = "expiresIn",
    ) -> None:
        super().__init__(url=login_url, system=system, session=session, clock=clock, retry=retry, counter=counter,
                         secrets=(password,), error_parser=qad_error)
        self.login_url = login_url
        self.username = username
        self._password = password
        self.token_field = token_field
        self.expires_field = expires_field

    def _obtain(self, previous: BearerToken | None) -> BearerToken:
        response = self._post("POST login", json={"username": self.username, "password": self._password})
        try:
            body = response.json()
            token = body[self.token_field]
        except (ValueError, KeyError, TypeError):
            raise self._unusable_answer(response, f"login answer has no {self.token_field!r}") from None
        if not isinstance(token, str) or not token:
            raise self._unusable_answer(response, "login answer has an empty token")
        return BearerToken(value=token, expires_at=self._expiry(body.get(self.expires_field)))
