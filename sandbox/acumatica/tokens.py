"""OAuth 2.0 tokens of the instance's identity server: opaque access tokens with a lifetime, and refresh
tokens that are used once (each refresh hands out a new one and the old one is spent).

`revoke_all` is an administrator revoking every grant: access and refresh tokens alike stop working.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

REFRESH_LIFETIME = timedelta(days=30)


@dataclass(frozen=True)
class Grant:
    client_id: str
    user: str
    scope: tuple[str, ...]
    expires_at: datetime


class TokenService:
    def __init__(self, *, lifetime_s: int) -> None:
        self.lifetime_s = lifetime_s
        self._access: dict[str, Grant] = {}
        self._refresh: dict[str, Grant] = {}

    def issue(self, client_id: str, user: str, scope: tuple[str, ...], now: datetime) -> dict[str, Any]:
        """The token response: a refresh token only when `offline_access` was asked for."""
        access = secrets.token_hex(32)
        self._access[access] = Grant(client_id, user, scope, now + timedelta(seconds=self.lifetime_s))
        body: dict[str, Any] = {"access_token": access, "expires_in": self.lifetime_s, "token_type": "Bearer",
                                "scope": " ".join(scope)}
        if "offline_access" in scope:
            refresh = secrets.token_hex(32)
            self._refresh[refresh] = Grant(client_id, user, scope, now + REFRESH_LIFETIME)
            body["refresh_token"] = refresh
        return body

    def access(self, token: str, now: datetime) -> Grant | None:
        grant = self._access.get(token)
        if grant is None or now >= grant.expires_at:
            return None
        return grant

    def redeem(self, refresh_token: str, client_id: str, now: datetime) -> Grant | None:
        """The grant behind a refresh token, spending it; None if unknown, spent, expired or another client's."""
        grant = self._refresh.get(refresh_token)
        if grant is None or grant.client_id != client_id or now >= grant.expires_at:
            return None
        del self._refresh[refresh_token]
        return grant

    def revoke_all(self) -> None:
        self._access.clear()
        self._refresh.clear()
