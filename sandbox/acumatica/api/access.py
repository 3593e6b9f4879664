"""Who is calling: a bearer token from `/identity/connect/token`, or the cookies of an `/entity/auth/login`
session. Either takes a licence seat (a token when it is first used), and every authenticated request spends
one from its client's per-minute budget.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from sandbox.acumatica.errors import not_logged_in, rate_limited
from sandbox.acumatica.instance import Instance

SESSION_COOKIE = "ASP.NET_SessionId"
AUTH_COOKIE = ".ASPXAUTH"


@dataclass(frozen=True)
class Principal:
    user: str
    client: str
    """What the request cap counts by: the OAuth client, or the signed-in user."""


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip() or None


def cookie_key(session_id: str) -> str:
    return f"cookie:{session_id}"


def bearer_key(token: str) -> str:
    return f"bearer:{token}"


def cookie_session_key(instance: Instance, request: Request) -> str | None:
    """The key of the live session the request's cookies name (both cookies must match), else None."""
    session_id, ticket = request.cookies.get(SESSION_COOKIE), request.cookies.get(AUTH_COOKIE)
    if not session_id or not ticket:
        return None
    key = cookie_key(session_id)
    session = instance.sessions.find(key, instance.now())
    return key if session is not None and session.auth_ticket == ticket else None


def authenticate(instance: Instance, request: Request) -> Principal:
    """The caller, or 401; the licence error when its token needs a seat and none is free; 429 past the cap."""
    now = instance.now()
    token = bearer_token(request)
    if token is not None:
        grant = instance.tokens.access(token, now)
        if grant is None:
            raise not_logged_in()
        seat = bearer_key(token)
        if instance.sessions.find(seat, now) is None:
            instance.sessions.open(seat, "oauth", grant.user, grant.client_id, now)
        principal = Principal(grant.user, grant.client_id)
    else:
        key = cookie_session_key(instance, request)
        session = instance.sessions.find(key, now) if key is not None else None
        if key is None or session is None:
            raise not_logged_in()
        principal = Principal(session.user, session.user)
    if not instance.budget.spend(principal.client, now):
        raise rate_limited()
    return principal
