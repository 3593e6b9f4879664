"""QAD JWT session: log in with a user name and password, then send the token as a bearer.

No public QAD REST spec exists (API-FACTS §5); the login shape here is the one the QAD emulator serves:
``POST <login_url>`` with JSON ``{"username", "password"}`` answering ``{"token", "expiresIn"}``, where
``expiresIn`` is in seconds. Field names are parameters so a real tenant's Swagger can be matched.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import requests

from erplink.auth.base import BearerToken, ExpiringBearerAuth, as_authentication_error, token_endpoint_client
from erplink.http.error_bodies import qad_error
from erplink.http.errors import AuthenticationError, PermanentApiError
from erplink.http.metrics import CallCounter
from erplink.http.redact import redact_url, register_secret
from erplink.http.retry import RetryPolicy


class QadSessionAuth(ExpiringBearerAuth):
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
        super().__init__(clock=clock)
        self.login_url = login_url
        self.username = username
        self._password = password
        self.token_field = token_field
        self.expires_field = expires_field
        register_secret(password)
        self._http = token_endpoint_client(system=system, url=login_url, session=session, retry=retry,
                                           counter=counter, secrets=(password,), error_parser=qad_error)

    def _obtain(self, previous: BearerToken | None) -> BearerToken:
        try:
            # A login creates nothing the business cares about, so it may be re-sent after a dropped answer.
            response = self._http.request("POST", self.login_url, endpoint="POST login", idempotent=True,
                                          json={"username": self.username, "password": self._password})
        except PermanentApiError as exc:
            raise as_authentication_error(exc) from None
        try:
            body = response.json()
            token = body[self.token_field]
        except (ValueError, KeyError, TypeError):
            raise AuthenticationError(system=self._http.system, method="POST",
                                      url=redact_url(self.login_url, (self._password,)),
                                      status=response.status_code,
                                      reason=f"login answer has no {self.token_field!r}") from None
        if not isinstance(token, str) or not token:
            raise AuthenticationError(system=self._http.system, method="POST",
                                      url=redact_url(self.login_url, (self._password,)),
                                      status=response.status_code, reason="login answer has an empty token")
        return BearerToken(value=token, expires_at=self._expiry(body.get(self.expires_field)))
