"""OAuth 2.0 token grants through oauthlib's clients: client credentials (Adobe IMS, QAD) and the password
grant with refresh tokens (Acumatica).

oauthlib builds the token request bodies and validates the token responses; the requests themselves go
through a ``RestClient`` so that token calls are retried, counted and redacted like every other call.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar

import requests
from oauthlib.oauth2 import BackendApplicationClient, LegacyApplicationClient, OAuth2Error
from oauthlib.oauth2 import Client as OAuthlibClient

from erplink.auth.base import BearerToken, TokenEndpointAuth
from erplink.http.error_bodies import oauth2_error
from erplink.http.errors import AuthenticationError
from erplink.http.metrics import CallCounter
from erplink.http.retry import RetryPolicy

_FORM_HEADERS = {"Content-Type": "application/x-www-form-urlencoded"}


class _OAuth2Grant(TokenEndpointAuth):
    """What both grants share: the token endpoint, the client's credentials, and the token request itself.

    ``client_type`` is oauthlib's client of the grant; ``grant_secrets``, the grant's own secrets besides the
    client secret (redacted like it).
    """

    client_type: ClassVar[type[OAuthlibClient]]

    def __init__(
        self,
        token_url: str,
        client_id: str,
        client_secret: str,
        scope: str | Sequence[str] | None = None,
        extra: Mapping[str, str] | None = None,
        session: requests.Session | None = None,
        clock: Callable[[], float] = time.monotonic,
        *,
        retry: RetryPolicy | None = None,
        counter: CallCounter | None = None,
        system: str = "oauth2",
        grant_secrets: tuple[str, ...] = (),
    ) -> None:
        super().__init__(
            url=token_url,
            system=system,
            session=session,
            clock=clock,
            retry=retry,
            counter=counter,
            secrets=(client_secret, *grant_secrets),
            error_parser=oauth2_error,
        )
        self._client = self.client_type(client_id)
        self.token_url = token_url
        self.client_id = client_id
        self._client_secret = client_secret
        self.scope = scope
        self.extra = dict(extra or {})

    def _request_token(self, body: str) -> BearerToken:
        response = self._post("POST token", data=body, headers=_FORM_HEADERS)
        try:
            # scope=None: the granted scope is whatever the server says; a narrower grant shows up as a 403 later.
            token = self._client.parse_request_body_response(response.text)
        except (OAuth2Error, ValueError) as exc:
            raise self._unusable_answer(response, f"unusable token response: {exc}") from None
        return BearerToken(
            value=token["access_token"],
            expires_at=self._expiry(token.get("expires_in")),
            refresh_token=token.get("refresh_token"),
        )


class OAuth2ClientCredentials(_OAuth2Grant):
    """``grant_type=client_credentials`` with the client id and secret in the form body.

    There is no refresh token in this grant: a new token is requested ``skew`` seconds before the old one
    expires and after a 401. ``extra`` adds form fields to the token request.
    """

    client_type = BackendApplicationClient

    def _obtain(self, previous: BearerToken | None) -> BearerToken:
        body = self._client.prepare_request_body(
            scope=self.scope, include_client_id=True, client_secret=self._client_secret, **self.extra
        )
        return self._request_token(body)


class OAuth2PasswordGrant(_OAuth2Grant):
    """``grant_type=password`` (Acumatica), then ``grant_type=refresh_token`` while the server hands one out.

    A refused refresh token (expired after its 30 days, or revoked) falls back to a full password grant.
    """

    client_type = LegacyApplicationClient

    def __init__(
        self,
        token_url: str,
        client_id: str,
        client_secret: str,
        username: str,
        password: str,
        *args: Any,
        **kwargs: Any,
    ) -> None:
        """``args`` and ``kwargs``: the options of ``OAuth2ClientCredentials`` after the client secret (scope, extra,
        session, clock, retry, counter, system)."""
        super().__init__(token_url, client_id, client_secret, *args, grant_secrets=(password,), **kwargs)
        self.username = username
        self._password = password

    def _obtain(self, previous: BearerToken | None) -> BearerToken:
        if previous is not None and previous.refresh_token:
            try:
                return self._refresh(previous.refresh_token)
            except AuthenticationError:
                pass  # the refresh token is no longer accepted: log in again below
        body = self._client.prepare_request_body(
            username=self.username,
            password=self._password,
            scope=self.scope,
            include_client_id=True,
            client_secret=self._client_secret,
            **self.extra,
        )
        return self._request_token(body)

    def _refresh(self, refresh_token: str) -> BearerToken:
        # types-oauthlib types ``scope`` as list[object] or a 1-tuple; oauthlib joins any list or tuple of strings.
        body = self._client.prepare_refresh_body(
            refresh_token=refresh_token,
            scope=self.scope,  # type: ignore[arg-type]
            client_id=self.client_id,
            client_secret=self._client_secret,
        )
        token = self._request_token(body)
        # A server may keep the refresh token and not send it again (RFC 6749 6).
        if token.refresh_token is None:
            token = BearerToken(token.value, token.expires_at, refresh_token)
        return token
