"""Cross-site request forgery: every action carries the session's token, and comes from this site.

The token is random, kept in a cookie only this site's pages send (``SameSite=Strict``, not readable by scripts)
and repeated in each action form; an action is refused unless the two match and its ``Origin`` (or, when a
browser sends none, its ``Referer``) is this very host. A forged form on another site can neither read the cookie
nor send this host as its origin.
"""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.responses import Response

COOKIE = "erplink_csrf"
FIELD = "csrf_token"


def session_token(request: Request) -> str:
    """The token of this browser session: the cookie's, or a new one (``remember`` sets it on the response)."""
    existing = request.cookies.get(COOKIE)
    return existing if existing and len(existing) >= 32 else secrets.token_urlsafe(32)


def remember(response: Response, request: Request, token: str, path: str) -> None:
    if request.cookies.get(COOKIE) != token:
        response.set_cookie(
            COOKIE, token, httponly=True, samesite="strict", path=path, secure=request.url.scheme == "https"
        )


def refusal(request: Request, presented: str | None) -> str | None:
    """Why this action must be refused (None: it may go on)."""
    expected = request.cookies.get(COOKIE)
    if not expected or not presented or not hmac.compare_digest(expected.encode(), presented.encode()):
        return "the form's security token is missing or stale: reload the page and try again"
    source = request.headers.get("origin") or request.headers.get("referer")
    if not source or source == "null":
        return "the request does not say which page sent it (no Origin or Referer)"
    if urlsplit(source).netloc.lower() != (request.headers.get("host") or "").lower():
        return "the request was sent from another site"
    return None
