"""Acumatica cookie-session login as a requests auth: log in on first use and after a 401, log out at the end."""

from __future__ import annotations

import logging
import threading
from typing import Any

import requests

from erplink.auth.base import as_login_failure
from erplink.http.client import RestClient
from erplink.http.errors import ApiError, TransientApiError
from erplink.systems.acumatica.error_body import acumatica_error

log = logging.getLogger(__name__)

# What Acumatica answers a login with when every API-user seat of the licence is taken (API-FACTS, Acumatica
# auth). Acumatica's own REST client reports it as a 429: seats free up as other sessions log out or time out.
LOGIN_LIMIT_TEXT = "API Login Limit"
LOGIN_LIMIT_CODE = "API_LOGIN_LIMIT"


def login_error(response: requests.Response) -> tuple[str | None, str | None]:
    """``acumatica_error``, with the login-limit answer recognised whatever its status or shape."""
    if LOGIN_LIMIT_TEXT.lower() in (response.text or "").lower():
        return LOGIN_LIMIT_CODE, f"{LOGIN_LIMIT_TEXT}: every API user seat is in use (HTTP {response.status_code})"
    return acumatica_error(response)


class AcumaticaCookieLogin(requests.auth.AuthBase):
    """Keeps an ``/entity/auth/login`` session alive on the shared ``requests.Session``.

    ``http`` is a client on the instance URL without auth, sharing the data client's session (whose cookie jar
    carries the login to every later request), call counter, timeouts and secrets; give it ``login_error`` as
    its error parser and a capped retry policy (``erplink.auth.base.token_retry``), since a login runs inside
    the data request that needed it. This auth only makes sure a login happened and renews it once when the
    server answers 401 (the HTTP core asks ``on_unauthorized``).

    A refused login raises ``AuthenticationError``; a full licence (``API Login Limit``) or an outage raises
    ``TransientApiError`` (the former as HTTP 429), already retried, so the data request is not retried on top.
    """

    def __init__(self, *, http: RestClient, credentials: dict[str, Any]) -> None:
        self._http = http
        self._credentials = {k: v for k, v in credentials.items() if v}
        self._lock = threading.Lock()
        self._logged_in = False

    @property
    def _cookies(self) -> requests.cookies.RequestsCookieJar:
        return self._http.session.cookies

    def _login(self) -> None:
        try:
            self._http.request(
                "POST",
                "entity/auth/login",
                json=self._credentials,
                endpoint="POST auth/login",
                # A login creates no business document: safe to send again after a lost answer.
                idempotent=True,
            )
        except ApiError as exc:
            raise _login_failure(exc) from None
        self._logged_in = True

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        with self._lock:
            if not self._logged_in:
                self._login()
        # The request was prepared before the login set its cookies: copy them in.
        request.prepare_cookies(self._cookies)
        return request

    def on_unauthorized(self, response: requests.Response) -> bool:
        with self._lock:
            self._logged_in = False
            self._cookies.clear()
        return True

    def logout(self) -> None:
        """End the session. A failed logout is logged, not raised: it must not hide the error that led here,
        and the server ends an abandoned session by itself after its timeout."""
        with self._lock:
            if not self._logged_in:
                return
            try:
                self._http.request("POST", "entity/auth/logout", endpoint="POST auth/logout", idempotent=True)
            except ApiError as exc:
                log.warning("Acumatica logout failed (the session ends at its timeout): %s", exc)
            finally:
                self._logged_in = False
                self._cookies.clear()


def _login_failure(error: ApiError) -> ApiError:
    if error.code == LOGIN_LIMIT_CODE:
        return TransientApiError(
            system=error.system,
            method=error.method,
            url=error.url,
            status=429,
            code=error.code,
            vendor_message=error.vendor_message,
            retry_after=error.retry_after,
            retries_spent=True,
        )
    return as_login_failure(error)
