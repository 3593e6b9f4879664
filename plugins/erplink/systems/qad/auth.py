"""QAD bearer tokens: ``POST {base}/oauth/token`` (QAD-FACTS §1.2), the password grant and the refresh grant."""

from __future__ import annotations

import time
from collections.abc import Callable

import requests

from erplink.auth.base import BearerToken, TokenEndpointAuth
from erplink.http.errors import AuthenticationError
from erplink.http.metrics import CallCounter
from erplink.http.retry import RetryPolicy
from erplink.systems.qad.error_body import qad_error


class QadPasswordGrant(TokenEndpointAuth):
    """QAD's ``POST {base}/oauth/token``: the password grant with the environment's client id, renewed by the
    refresh grant while QAD gives a refresh token, and by the password grant again when that is refused.

    The parameters travel as a form body (as QAD's own staff code sends them), never in the query string, so the
    password never appears in a URL a proxy or log may keep. Only ``access_token`` is confirmed in QAD's answer;
    ``expires_in`` and ``refresh_token`` are used when present (without an expiry, a 401 renews the token).
    """

    def __init__(
        self,
        token_url: str,
        client_id: str,
        username: str,
        password: str,
        session: requests.Session | None = None,
        clock: Callable[[], float] = time.monotonic,
        *,
        retry: RetryPolicy | None = None,
        counter: CallCounter | None = None,
        system: str = "qad",
    ) -> None:
        super().__init__(
            url=token_url,
            system=system,
            session=session,
            clock=clock,
            retry=retry,
            counter=counter,
            secrets=(password,),
            error_parser=qad_error,
        )
        self.client_id = client_id
        self.username = username
        self._password = password

    def _obtain(self, previous: BearerToken | None) -> BearerToken:
        if previous is not None and previous.refresh_token:
            try:
                return self._grant(
                    "POST oauth/token (refresh)",
                    {
                        "client_id": self.client_id,
                        "grant_type": "refresh_token",
                        "refresh_token": previous.refresh_token,
                    },
                )
            except AuthenticationError:
                pass  # the refresh token expired or was revoked: the password grant still works
        return self._grant(
            "POST oauth/token",
            {
                "client_id": self.client_id,
                "grant_type": "password",
                "username": self.username,
                "password": self._password,
            },
        )

    def _grant(self, endpoint: str, form: dict[str, str]) -> BearerToken:
        response = self._post(endpoint, data=form)
        try:
            body = response.json()
            token = body["access_token"]
        except (ValueError, KeyError, TypeError):
            raise self._unusable_answer(response, "token answer has no 'access_token'") from None
        if not isinstance(token, str) or not token:
            raise self._unusable_answer(response, "token answer has an empty access_token")
        refresh = body.get("refresh_token")
        return BearerToken(
            value=token,
            expires_at=self._expiry(body.get("expires_in")),
            refresh_token=refresh if isinstance(refresh, str) and refresh else None,
        )
