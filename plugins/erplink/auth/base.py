"""What the auth schemes share: the re-authentication protocol and a cached, self-renewing bearer token."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Protocol, runtime_checkable

import requests
from requests.auth import AuthBase

from erplink.http.client import RestClient
from erplink.http.errors import ApiError, AuthenticationError, NotFoundError, PermanentApiError
from erplink.http.metrics import CallCounter
from erplink.http.redact import mask, redact_url, register_secret
from erplink.http.retry import RetryPolicy

# Tries of one token or login request. A token is fetched while another request is being sent, so its retries
# sit inside that request's: they are capped here, and a token error that outlasts them is not retried outside.
TOKEN_MAX_ATTEMPTS = 3


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


class TokenEndpointAuth(ExpiringBearerAuth):
    """An ``ExpiringBearerAuth`` whose tokens come from POSTs to one token or login endpoint.

    The endpoint is called through a ``RestClient`` so that token calls get the same retries, redaction and
    counting as data calls; ``secrets`` are what must never show in a URL, log or error raised from here. Pass
    the data client's ``counter`` so that token calls show in its counts. A failing endpoint is tried at most
    ``TOKEN_MAX_ATTEMPTS`` times per token, however many attempts the data request it serves is allowed.
    """

    def __init__(
        self,
        *,
        url: str,
        system: str,
        session: requests.Session | None,
        clock: Callable[[], float],
        retry: RetryPolicy | None,
        counter: CallCounter | None,
        secrets: tuple[str | None, ...],
        error_parser: Callable[[requests.Response], tuple[str | None, str | None]],
    ) -> None:
        super().__init__(clock=clock)
        self._endpoint_url = url
        self._secrets = secrets
        register_secret(*secrets)
        # requests lets REQUESTS_CA_BUNDLE override a session's `verify`, so the session's setting (e.g. the
        # connection's CA bundle) is passed on every token request explicitly.
        verify = session.verify if session is not None else True
        self._http = RestClient(
            system=system,
            base_url=url,
            session=session,
            retry=token_retry(retry),
            counter=counter,
            secrets=secrets,
            error_parser=error_parser,
            verify=verify,
        )

    @property
    def counter(self) -> CallCounter:
        """Where the token calls are counted."""
        return self._http.counter

    def _post(self, endpoint: str, **kwargs: Any) -> requests.Response:
        """POST to the endpoint; a refusal comes back as ``AuthenticationError``.

        Obtaining a token creates nothing the business cares about, so it may be re-sent after a dropped answer.
        """
        try:
            return self._http.request("POST", self._endpoint_url, endpoint=endpoint, idempotent=True, **kwargs)
        except ApiError as exc:
            raise as_login_failure(exc) from None

    def _unusable_answer(self, response: requests.Response, reason: str) -> AuthenticationError:
        """The error for a 2xx answer that holds no usable token."""
        return AuthenticationError(
            system=self._http.system,
            method="POST",
            url=redact_url(self._endpoint_url, self._secrets),
            status=response.status_code,
            reason=mask(reason, self._secrets),
        )


def token_retry(retry: RetryPolicy | None) -> RetryPolicy:
    """``retry`` (or the default policy) with at most ``TOKEN_MAX_ATTEMPTS`` attempts."""
    policy = retry or RetryPolicy()
    return replace(policy, max_attempts=min(policy.max_attempts, TOKEN_MAX_ATTEMPTS))


def as_login_failure(error: ApiError) -> ApiError:
    """What a failed token or login request raises to the data request it was serving.

    A refusal becomes ``AuthenticationError`` (see ``as_authentication_error``); a transient failure was already
    retried by the token client's capped policy, so it is marked spent and not retried again outside.
    """
    if isinstance(error, PermanentApiError):
        return as_authentication_error(error)
    error.retries_spent = True
    return error


def as_authentication_error(error: PermanentApiError) -> PermanentApiError:
    """A 4xx from a token or login endpoint means the credentials were refused (except a wrong URL: 404)."""
    if isinstance(error, (AuthenticationError, NotFoundError)):
        return error
    return AuthenticationError(
        system=error.system,
        method=error.method,
        url=error.url,
        status=error.status,
        code=error.code,
        vendor_message=error.vendor_message,
        reason=error.reason,
    )
