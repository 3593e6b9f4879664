"""QBMWServices token login as a requests auth: log in lazily, send the token and app-permission headers,
log in again once after a 401."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import Any

import requests


class QbmTokenLogin(requests.auth.AuthBase):
    def __init__(
        self,
        *,
        login: Callable[[], str],
        token_header: str,
        permission_header: str | None,
        app_id: str | None,
    ) -> None:
        self._login = login
        self._token_header = token_header
        self._permission_header = permission_header
        self._app_id = app_id
        self._token: str | None = None
        self._lock = threading.Lock()

    @property
    def current_token(self) -> str | None:
        """The token in use, if logged in (never logs in)."""
        return self._token

    @property
    def token(self) -> str:
        with self._lock:
            if self._token is None:
                self._token = self._login()
            return self._token

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers[self._token_header] = self.token
        if self._permission_header and self._app_id:
            request.headers[self._permission_header] = self._app_id
        return request

    def on_unauthorized(self, response: requests.Response) -> bool:
        with self._lock:
            self._token = None
        return True


def token_from(body: Any, field: str) -> str | None:
    """The token in a login answer: a bare JSON string, or a (possibly nested, dotted) field of an object."""
    if isinstance(body, str):
        return body or None
    value: Any = body
    for part in field.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value if isinstance(value, str) and value else None
