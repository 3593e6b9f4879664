"""What the auth schemes share: the re-authentication protocol and a cached, self-renewing bearer token."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

import requests
from requests.auth import AuthBase

from erplink.http.client import RestClient
from erplink.http.errors import AuthenticationError, NotFoundError, PermanentApiError
from erplink.http.metrics import CallCounter
from erplink.http.redact import register_secret
from erplink.http.retry import RetryPolicy


@runtime_checkable
class RefreshableAuth(Protocol):
    """An auth that can repair itself after a 401. The client calls it once per request, then re-sends."""

    def on_unauthorized(self, response: requests.Response) -> bool:
        """Return True when the credentials sent next will differ from the refused ones (worth one retry)."""
        ...


@dataclass(frozen=True)
class BearerToken:
    value: str
    expires_at: float | None  # on the auth's clock; None = no known expiry (renewed only after a 401)
    refresh_token: str | None = None

    def expires_within(self, now: float, seconds: float) -> bool:
        return self.expires_at is not None and now >= self.expires_at - seconds


class ExpiringBearerAuth(AuthBase):
    """``Authorization: Bearer <token>`` with the token obtained on first use and cached per instance.

    The token is renewed ``skew`` seconds before it expires and after a 401. One lock guards it, held across
    the renewal itself, so that a pool of worker threads hitting an expired token fetches one new token, not
    one each. Subclasses implement ``_obtain``.
    """

    skew: float = 60.0

    def __init__(self, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._token: BearerToken | None = None

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers["Authorization"] = f"Bearer {self.access_token()}"
        return request

    def access_token(self) -> str:
        with self._lock:
            token = self._token
            if token is None or token.expires_within(self._clock(), self.skew):
                token = self._store(self._obtain(token))
            return token.value

    def on_unauthorized(self, response: requests.Response) -> bool:
        refused = response.request.headers.get("Authorization") if response.request is not None else None
        with self._lock:
            if self._token is not None and refused != f"Bearer {self._token.value}":
                return True  # another thread renewed it while this request was in flight
            self._store(self._obtain(self._token))
            return True

    def _store(self, token: BearerToken) -> BearerToken:
        register_secret(token.value, token.refresh_token)
        self._token = token
        return token

    def _expiry(self, expires_in: Any) -> float | None:
        try:
            seconds = float(expires_in)
        except (TypeError, ValueError):
            return None
        return self._clock() + seconds

    def _obtain(self, previous: BearerToken | None) -> BearerToken:
        """A fresh token; ``previous`` (possibly expired or refused) may carry a refresh token to use."""
        raise NotImplementedError


def token_endpoint_client(
    *,
    system: str,
    url: str,
    session: requests.Session | None,
    retry: RetryPolicy | None,
    counter: CallCounter | None,
    secrets: tuple[str | None, ...],
    error_parser: Callable[[requests.Response], tuple[str | None, str | None]],
    timeout: tuple[float, float] = (5.0, 30.0),
    verify: bool | str = True,
) -> RestClient:
    """The client a token or login endpoint is called through: same retries, redaction and counting as data."""
    return RestClient(system=system, base_url=url, session=session, retry=retry, counter=counter,
                      secrets=secrets, error_parser=error_parser, timeout=timeout, verify=verify)


def as_authentication_error(error: PermanentApiError) -> PermanentApiError:
    """A 4xx from a token or login endpoint means the credentials were refused (except a wrong URL: 404)."""
    if isinstance(error, (AuthenticationError, NotFoundError)):
        return error
    return AuthenticationError(system=error.system, method=error.method, url=error.url, status=error.status,
                               code=error.code, vendor_message=error.vendor_message, reason=error.reason)
