"""API-user sessions and the licence's cap on them.

Every client signed in through `/entity/auth/login`, and every OAuth access token in use, holds one seat of the
licence ("API users are client applications that sign in ... by the sign-in method of the contract-based REST
API ... or the OAuth 2.0 mechanism"). A sign-in beyond the cap is refused with "API Login Limit". A seat is
freed by signing out, or when the session has been idle for the timeout. The table is keyed by the session's
secret (the session cookie, or the access token); the admin listing shows only a separate public handle.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sandbox.acumatica.errors import login_limit

SessionKind = Literal["cookie", "oauth"]


@dataclass
class Session:
    handle: str
    kind: SessionKind
    user: str
    client_id: str | None
    opened_at: datetime
    last_seen: datetime
    auth_ticket: str | None = None  # the `.ASPXAUTH` value a cookie session must come back with


class SessionTable:
    def __init__(self, *, api_users: int, idle_timeout_s: float) -> None:
        self.api_users = api_users
        self.idle_timeout = timedelta(seconds=idle_timeout_s)
        self._sessions: dict[str, Session] = {}

    def sweep(self, now: datetime) -> None:
        """End the sessions idle for longer than the timeout."""
        for key, session in list(self._sessions.items()):
            if now - session.last_seen >= self.idle_timeout:
                del self._sessions[key]

    def find(self, key: str, now: datetime) -> Session | None:
        self.sweep(now)
        session = self._sessions.get(key)
        if session is not None:
            session.last_seen = now
        return session

    def open(self, key: str, kind: SessionKind, user: str, client_id: str | None, now: datetime, *,
             auth_ticket: str | None = None) -> Session:
        """Take a seat for `key`, or raise the licence's "API Login Limit" when none is free."""
        self.sweep(now)
        if len(self._sessions) >= self.api_users:
            raise login_limit()
        session = Session(secrets.token_hex(8), kind, user, client_id, now, now, auth_ticket)
        self._sessions[key] = session
        return session

    def close(self, key: str) -> bool:
        return self._sessions.pop(key, None) is not None

    def close_all(self) -> int:
        count = len(self._sessions)
        self._sessions.clear()
        return count

    def describe(self, now: datetime) -> list[dict[str, object]]:
        self.sweep(now)
        return [{"handle": s.handle, "kind": s.kind, "user": s.user, "client_id": s.client_id,
                 "opened_at": s.opened_at.isoformat(), "last_seen": s.last_seen.isoformat(),
                 "idle_expires_at": (s.last_seen + self.idle_timeout).isoformat()}
                for s in self._sessions.values()]
