"""Acumatica cookie-session login as a requests auth: log in on first use and after a 401, log out at the end."""

from __future__ import annotations

import threading
from typing import Any

import requests


class AcumaticaCookieLogin(requests.auth.AuthBase):
    """Keeps an ``/entity/auth/login`` session alive on the shared ``requests.Session``.

    The session's cookie jar carries the login to every later request; this auth only makes sure a login
    happened and renews it once when the server answers 401 (the HTTP core asks ``on_unauthorized``).
    """

    def __init__(self, *, instance_url: str, session: requests.Session, credentials: dict[str, Any],
                 timeout: tuple[float, float]) -> None:
        self._login_url = f"{instance_url}/entity/auth/login"
        self._logout_url = f"{instance_url}/entity/auth/logout"
        self._session = session
        self._credentials = {k: v for k, v in credentials.items() if v}
        self._timeout = timeout
        self._lock = threading.Lock()
        self._logged_in = False

    def _login(self) -> None:
        response = self._session.post(self._login_url, json=self._credentials, timeout=self._timeout)
        if response.status_code not in (200, 204):
            # Never echo the body: a failed login can repeat what was sent.
            raise PermissionError(f"Acumatica login refused with HTTP {response.status_code}")
        self._logged_in = True

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        with self._lock:
            if not self._logged_in:
                self._login()
        # The request was prepared before the login set its cookies: copy them in.
        request.prepare_cookies(self._session.cookies)
        return request

    def on_unauthorized(self, response: requests.Response) -> bool:
        with self._lock:
            self._logged_in = False
            self._session.cookies.clear()
        return True

    def logout(self) -> None:
        with self._lock:
            if not self._logged_in:
                return
            try:
                self._session.post(self._logout_url, timeout=self._timeout)
            finally:
                self._logged_in = False
                self._session.cookies.clear()
