"""Who may call QAD's REST API: the `oauth/token` endpoint, the Bearer or Basic check, the workspace header.

The token endpoint takes its parameters in the query string (as most clients in the wild send them) or as a
form body (as QAD's own staff code does). Its answers follow Spring Security OAuth2, which QAD's web tier runs
on: `access_token`, `token_type`, `refresh_token`, `expires_in`; failures as `{"error", "error_description"}`.
Only `access_token` is confirmed; the rest is the sandbox's documented assumption (README).
"""

from __future__ import annotations

import base64
import binascii
import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from sandbox.qad.records.tenant_scope import Tenant
from sandbox.qad.errors import REST_BASE, QadError
from sandbox.qad.tokens import unauthorized

router = APIRouter(prefix=REST_BASE, include_in_schema=False)

WORKSPACE_HEADER = "x-qad-workspace-id"
_FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"
_NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def _same_secret(given: str, expected: str) -> bool:
    return secrets.compare_digest(given.encode(), expected.encode())


def _oauth_error(status_code: int, error: str, description: str) -> JSONResponse:
    return JSONResponse({"error": error, "error_description": description}, status_code=status_code, headers=_NO_STORE)


async def _parameters(request: Request) -> dict[str, str]:
    """The grant's parameters: the query string, and a form body when there is one (the body wins)."""
    found = {key: value for key, value in request.query_params.items()}
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == _FORM_CONTENT_TYPE:
        form = await request.form()
        found.update({key: value for key, value in form.items() if isinstance(value, str)})
    return found


@router.post("/oauth/token")
async def issue_token(request: Request, tenant: Tenant) -> JSONResponse:
    given = await _parameters(request)
    grant_type = given.get("grant_type")
    if grant_type not in ("password", "refresh_token"):
        if not grant_type:
            return _oauth_error(400, "invalid_request", "Missing grant type")
        return _oauth_error(400, "unsupported_grant_type", f"Unsupported grant type: {grant_type}")
    with tenant.lock:
        known = tenant.credentials
        if not _same_secret(given.get("client_id", ""), known.api_client_id):
            return _oauth_error(401, "invalid_client", "Bad client credentials")
        if grant_type == "password":
            if given.get("username") != known.username or not _same_secret(given.get("password", ""), known.password):
                return _oauth_error(400, "invalid_grant", "Bad credentials")
            subject = known.username
        else:
            try:
                subject = str(tenant.tokens.verify(given.get("refresh_token", ""), kind="refresh")["sub"])
            except QadError:
                return _oauth_error(400, "invalid_grant", "Invalid refresh token")
        body = {
            "access_token": tenant.tokens.issue(subject),
            "token_type": "bearer",
            "refresh_token": tenant.tokens.issue_refresh(subject),
            "expires_in": tenant.tokens.lifetime_s,
        }
    return JSONResponse(body, headers=_NO_STORE)


def _basic_user(header: str) -> tuple[str, str] | None:
    try:
        username, separator, password = base64.b64decode(header, validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return (username, password) if separator else None


def qad_caller(request: Request, tenant: Tenant) -> dict[str, Any]:
    """The caller of a business call: a valid Bearer token or HTTP Basic user, in the tenant's workspace.

    401 without valid credentials (an expired token included: the client fetches a new one); 403 "Access is
    denied" when `x-qad-workspace-id` is missing or names a domain and entity the tenant does not hold.
    """
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    with tenant.lock:
        if scheme.lower() == "bearer" and value:
            claims = tenant.tokens.verify(value)
        elif scheme.lower() == "basic":
            user = _basic_user(value)
            known = tenant.credentials
            if user is None or user[0] != known.username or not _same_secret(user[1], known.password):
                raise unauthorized("Bad credentials")
            claims = {"sub": known.username}
        else:
            raise unauthorized("Full authentication is required to access this resource")
        if request.headers.get(WORKSPACE_HEADER) != tenant.workspace:
            raise QadError(403, "FORBIDDEN", "Access is denied")
    return claims


QadCaller = Annotated[dict[str, Any], Depends(qad_caller)]
