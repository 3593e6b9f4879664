"""Bearer tokens of one tenant: real HS256 JWTs with a short lifetime, checked against an injectable clock."""

from __future__ import annotations

import secrets
import uuid
from datetime import timedelta
from typing import Any

import jwt

from sandbox.qad.errors import QadError
from sandbox.qad.timestamps import Clock

_ALGORITHM = "HS256"
_BEARER_CHALLENGE = {"WWW-Authenticate": "Bearer"}
REFRESH_LIFETIMES = 8
"""A refresh token outlives the access tokens it renews by this factor."""


def unauthorized(message: str) -> QadError:
    return QadError(401, "UNAUTHORIZED", message, headers=_BEARER_CHALLENGE)


class TokenService:
    """Issues and checks the tokens of one tenant.

    Each tenant signs with its own key and names itself as audience, so a token of one tenant is
    invalid (not merely expired) on another. `expire_all` raises the tenant's token generation: every token
    issued before then reads as expired, which is how an administrator revokes sessions on a real instance.
    """

    def __init__(self, tenant: str, *, lifetime_s: int, clock: Clock) -> None:
        self.tenant = tenant
        self.lifetime_s = lifetime_s
        self._clock = clock
        self._key = secrets.token_bytes(32)
        self._generation = 0

    def issue(self, subject: str) -> str:
        return self._issue(subject, kind="access", lifetime_s=self.lifetime_s)

    def issue_refresh(self, subject: str) -> str:
        """A refresh token: only the token endpoint takes it, for a new access token, until it expires in turn."""
        return self._issue(subject, kind="refresh", lifetime_s=self.lifetime_s * REFRESH_LIFETIMES)

    def _issue(self, subject: str, *, kind: str, lifetime_s: int) -> str:
        issued_at = self._clock()
        claims = {
            "iss": f"qad/{self.tenant}",
            "aud": self.tenant,
            "sub": subject,
            "iat": int(issued_at.timestamp()),
            "exp": int((issued_at + timedelta(seconds=lifetime_s)).timestamp()),
            "jti": uuid.uuid4().hex,
            "gen": self._generation,
            "typ": kind,
        }
        return jwt.encode(claims, self._key, algorithm=_ALGORITHM)

    def verify(self, token: str, *, kind: str = "access") -> dict[str, Any]:
        """The token's claims, or 401: `TOKEN_EXPIRED` for a genuine but stale token, else `UNAUTHORIZED`
        (also for a token of the other kind: a refresh token opens no business call, an access token
        refreshes nothing)."""
        try:
            # Expiry is judged against the tenant's clock, not the wall clock PyJWT would use.
            claims: dict[str, Any] = jwt.decode(
                token,
                self._key,
                algorithms=[_ALGORITHM],
                audience=self.tenant,
                options={"verify_exp": False, "verify_iat": False, "require": ["exp", "iat", "sub", "aud"]},
            )
        except jwt.PyJWTError:
            raise unauthorized("invalid bearer token") from None
        if claims.get("typ", "access") != kind:
            raise unauthorized(f"not an {kind} token" if kind == "access" else f"not a {kind} token")
        if claims.get("gen") != self._generation or self._clock().timestamp() >= claims["exp"]:
            raise QadError(401, "TOKEN_EXPIRED", "bearer token expired", headers=_BEARER_CHALLENGE)
        return claims

    def expire_all(self) -> None:
        self._generation += 1
