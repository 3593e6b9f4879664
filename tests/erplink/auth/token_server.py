"""A fake token endpoint and API behind one scripted transport, for the bearer-token auth schemes."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

import requests

from tests.erplink.http.scripted import Reply

TOKEN_URL = "https://idp.example/identity/connect/token"
LOGIN_URL = "https://erp.example/api/login"
API_URL = "https://erp.example/api"


@dataclass
class TokenServer:
    """Issues ``tok-<n>`` tokens; the API accepts only tokens not revoked.

    ``refusals`` lists scripted token-endpoint answers used before issuing tokens (errors to test failure).
    """

    expires_in: int | None = 3600
    with_refresh_token: bool = True
    refuse_refresh: bool = False
    refusals: list[Reply] = field(default_factory=list)
    issued: list[str] = field(default_factory=list)
    token_requests: list[dict[str, str]] = field(default_factory=list)
    api_requests: list[requests.PreparedRequest] = field(default_factory=list)
    revoked: set[str] = field(default_factory=set)

    def __call__(self, request: requests.PreparedRequest) -> Reply:
        url = request.url or ""
        if url.startswith(TOKEN_URL):
            return self._token(dict(parse_qsl(request.body or "")))
        if url.startswith(LOGIN_URL):
            return self._login(json.loads(request.body or b"{}"))
        return self._api(request)

    def _issue(self) -> str:
        token = f"tok-{len(self.issued) + 1}-{'x' * 12}"
        self.issued.append(token)
        return token

    def _token(self, form: dict[str, str]) -> Reply:
        self.token_requests.append(form)
        if self.refusals:
            return self.refusals.pop(0)
        if form.get("grant_type") == "refresh_token" and self.refuse_refresh:
            return Reply(400, json={"error": "invalid_grant", "error_description": "refresh token expired"})
        body: dict[str, object] = {"access_token": self._issue(), "token_type": "Bearer"}
        if self.expires_in is not None:
            body["expires_in"] = self.expires_in
        if self.with_refresh_token and form.get("grant_type") != "client_credentials":
            body["refresh_token"] = f"refresh-{len(self.issued)}-{'y' * 12}"
        return Reply(200, json=body)

    def _login(self, body: dict[str, str]) -> Reply:
        self.token_requests.append(body)
        if self.refusals:
            return self.refusals.pop(0)
        return Reply(200, json={"token": self._issue(), "expiresIn": self.expires_in})

    def _api(self, request: requests.PreparedRequest) -> Reply:
        self.api_requests.append(request)
        sent = request.headers.get("Authorization", "")
        token = sent.removeprefix("Bearer ")
        if not sent.startswith("Bearer ") or token not in self.issued or token in self.revoked:
            return Reply(401, json={"error": {"code": "UNAUTHORIZED", "message": "token not valid"}})
        return Reply(200, json={"path": urlsplit(request.url).path, "token": token})


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now
