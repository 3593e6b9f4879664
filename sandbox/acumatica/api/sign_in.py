"""Signing in and out.

- `POST /entity/auth/login` (JSON or form: `name`, `password`, `tenant`, `branch`, `locale`) answers 204 and sets
  the session cookies `ASP.NET_SessionId` and `.ASPXAUTH`; it takes a licence seat. A wrong user, password or
  tenant, and a full licence, answer 500 with the exception in the body ("Invalid credentials. ...",
  "API Login Limit"), which is how Acumatica's own client tells them apart.
- `POST /entity/auth/logout` answers 204 and frees the seat of the cookie session, or of the bearer token's
  session (the token itself stays valid and takes a new seat when used again).
- `POST /identity/connect/token` (form): `grant_type=password` and `grant_type=refresh_token`, the client
  authenticated by `client_id`/`client_secret` in the form or by HTTP Basic. Errors follow RFC 6749 as the
  identity server words them (`invalid_client`, `invalid_grant`, ...), all with 400.
"""

from __future__ import annotations

import base64
import binascii
import json
import secrets
from typing import Any
from urllib.parse import parse_qsl

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from sandbox.acumatica.api.access import (
    AUTH_COOKIE,
    SESSION_COOKIE,
    bearer_key,
    bearer_token,
    cookie_key,
    cookie_session_key,
)
from sandbox.acumatica.entities.checks import not_found_in_system
from sandbox.acumatica.errors import invalid_credentials, invalid_request, server_error
from sandbox.acumatica.instance import Instance

FORM_TYPE = "application/x-www-form-urlencoded"
SCOPES = ("api", "offline_access", "api:concurrent_access", "openid", "profile", "email")
_NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def _form(body: bytes) -> dict[str, str]:
    return dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))


def _credentials(request: Request, body: bytes) -> dict[str, Any]:
    if request.headers.get("content-type", "").split(";")[0].strip().lower() == FORM_TYPE:
        return _form(body)
    try:
        parsed = json.loads(body or b"null")
    except ValueError:
        parsed = None
    if not isinstance(parsed, dict):
        raise invalid_request({"credentials": ["The credentials must be a JSON object or a form."]})
    return parsed


def _session_cookies(response: Response, request: Request, session_id: str, ticket: str) -> None:
    secure = request.url.scheme == "https"
    for name, value in ((SESSION_COOKIE, session_id), (AUTH_COOKIE, ticket)):
        response.set_cookie(name, value, path="/", httponly=True, secure=secure, samesite="lax")


def _oauth_error(error: str, description: str | None = None) -> Response:
    body = {"error": error, **({"error_description": description} if description else {})}
    return Response(json.dumps(body), status_code=400, media_type="application/json", headers=_NO_STORE)


def _client(request: Request, form: dict[str, str]) -> tuple[str | None, str | None]:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("basic "):
        try:
            client_id, _, secret = base64.b64decode(header[6:].strip()).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return None, None
        return client_id, secret
    return form.get("client_id"), form.get("client_secret")


def build_router(instance: Instance) -> APIRouter:
    router = APIRouter(prefix=instance.options.site_path)
    credentials = instance.credentials
    options = instance.options

    def login(request: Request, body: bytes) -> Response:
        given = _credentials(request, body)
        tenant, branch = given.get("tenant"), given.get("branch")
        if (given.get("name") != credentials.username or given.get("password") != credentials.password
                or (tenant and str(tenant).casefold() != options.tenant.casefold())):
            raise invalid_credentials()
        if branch and str(branch).casefold() != options.branch.casefold():
            raise server_error(not_found_in_system("Branch", branch))
        response = Response(status_code=204)
        if cookie_session_key(instance, request) is not None:
            return response  # signing in again within a live session keeps its seat
        session_id, ticket = secrets.token_hex(12), secrets.token_hex(32)
        instance.sessions.open(cookie_key(session_id), "cookie", credentials.username, None, instance.now(),
                               auth_ticket=ticket)
        _session_cookies(response, request, session_id, ticket)
        return response

    def logout(request: Request) -> Response:
        token = bearer_token(request)
        if token is not None:
            instance.sessions.close(bearer_key(token))
        else:
            key = cookie_session_key(instance, request)
            if key is not None:
                instance.sessions.close(key)
        response = Response(status_code=204)
        for name in (SESSION_COOKIE, AUTH_COOKIE):
            response.delete_cookie(name, path="/")
        return response

    def token(request: Request, body: bytes) -> Response:
        if request.headers.get("content-type", "").split(";")[0].strip().lower() != FORM_TYPE:
            return _oauth_error("invalid_request", "the request must be form-encoded")
        form = _form(body)
        grant_type = form.get("grant_type")
        if not grant_type:
            return _oauth_error("invalid_request", "grant_type is missing")
        if grant_type not in ("password", "refresh_token"):
            return _oauth_error("unsupported_grant_type")
        client_id, secret = _client(request, form)
        if client_id != credentials.client_id or secret != credentials.client_secret:
            return _oauth_error("invalid_client")
        now = instance.now()
        if grant_type == "refresh_token":
            grant = instance.tokens.redeem(form.get("refresh_token", ""), client_id, now)
            if grant is None:
                return _oauth_error("invalid_grant")
            issued = instance.tokens.issue(client_id, grant.user, grant.scope, now)
        else:
            if form.get("username") != credentials.username or form.get("password") != credentials.password:
                return _oauth_error("invalid_grant", "invalid_username_or_password")
            scope = tuple(dict.fromkeys((form.get("scope") or "api").split()))
            if any(name not in SCOPES for name in scope) or "api" not in scope:
                return _oauth_error("invalid_scope")
            issued = instance.tokens.issue(client_id, credentials.username, scope, now)
        return Response(json.dumps(issued), media_type="application/json", headers=_NO_STORE)

    @router.post("/entity/auth/login")
    async def login_route(request: Request) -> Response:
        body = await request.body()
        return await run_in_threadpool(instance.locked, login, request, body)

    @router.post("/entity/auth/logout")
    async def logout_route(request: Request) -> Response:
        return await run_in_threadpool(instance.locked, logout, request)

    @router.post("/identity/connect/token")
    async def token_route(request: Request) -> Response:
        body = await request.body()
        return await run_in_threadpool(instance.locked, token, request, body)

    return router
