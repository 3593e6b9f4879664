"""Both ways to get a bearer token: JWT session login and the OAuth2 client-credentials grant (RFC 6749 §4.4)."""

from __future__ import annotations

import base64
import binascii
import secrets
from typing import Annotated
from urllib.parse import unquote

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, StringConstraints

from sandbox.qad.api.dependencies import Tenant
from sandbox.qad.api.wire import RequestBody, WireModel
from sandbox.qad.errors import error_responses
from sandbox.qad.tokens import unauthorized

router = APIRouter(tags=["auth"])

_FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"
# RFC 6749 §5.1: token responses must not be cached.
_NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


class LoginRequest(RequestBody):
    username: Annotated[str, StringConstraints(min_length=1)]
    password: Annotated[str, StringConstraints(min_length=1)]


class LoginResponse(WireModel):
    token: str
    expires_in: int


class TokenResponse(BaseModel):
    access_token: str
    token_type: str
    expires_in: int


class OAuthError(BaseModel):
    error: str
    error_description: str | None = None


def _same_secret(given: str, expected: str) -> bool:
    return secrets.compare_digest(given.encode(), expected.encode())


@router.post(
    "/api/auth/login",
    response_model=LoginResponse,
    responses=error_responses(400, 401),
    summary="Open a JWT session",
)
async def login(body: LoginRequest, tenant: Tenant) -> LoginResponse:
    with tenant.lock:
        known = tenant.credentials
        if body.username != known.username or not _same_secret(body.password, known.password):
            raise unauthorized("invalid username or password")
        token = tenant.tokens.issue(body.username)
        return LoginResponse(token=token, expires_in=tenant.tokens.lifetime_s)


def _oauth_error(status_code: int, error: str, description: str, headers: dict[str, str] | None = None) -> JSONResponse:
    body = OAuthError(error=error, error_description=description).model_dump(exclude_none=True)
    return JSONResponse(body, status_code=status_code, headers={**_NO_STORE, **(headers or {})})


def _basic_credentials(request: Request) -> tuple[str, str] | None:
    """Client id and secret from an HTTP Basic header, form-url-decoded as RFC 6749 §2.3.1 requires."""
    scheme, _, encoded = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        client_id, separator, client_secret = base64.b64decode(encoded, validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return (unquote(client_id), unquote(client_secret)) if separator else None


@router.post(
    "/oauth2/token",
    response_model=TokenResponse,
    responses={
        400: {"model": OAuthError, "description": "invalid_request or unsupported_grant_type"},
        401: {"model": OAuthError, "description": "invalid_client"},
    },
    summary="OAuth2 client-credentials grant",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                _FORM_CONTENT_TYPE: {
                    "schema": {
                        "type": "object",
                        "required": ["grant_type"],
                        "properties": {
                            "grant_type": {"type": "string", "enum": ["client_credentials"]},
                            "client_id": {"type": "string"},
                            "client_secret": {"type": "string"},
                            "scope": {"type": "string"},
                        },
                    }
                }
            },
        }
    },
)
async def issue_client_token(request: Request, tenant: Tenant) -> JSONResponse:
    # The form is read by hand so that every failure answers in RFC 6749 §5.2 shape, not this API's envelope.
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != _FORM_CONTENT_TYPE:
        return _oauth_error(400, "invalid_request", f"the body must be {_FORM_CONTENT_TYPE}")
    form = await request.form()
    grant_type = form.get("grant_type")
    if not grant_type:
        return _oauth_error(400, "invalid_request", "grant_type is required")
    if grant_type != "client_credentials":
        return _oauth_error(400, "unsupported_grant_type", "only client_credentials is supported")
    basic = _basic_credentials(request)
    form_id, form_secret = form.get("client_id"), form.get("client_secret")
    if basic is not None:
        if form_secret is not None or (form_id is not None and form_id != basic[0]):
            return _oauth_error(400, "invalid_request", "client authenticated in more than one way")
        client_id, client_secret = basic
    elif isinstance(form_id, str) and isinstance(form_secret, str):
        client_id, client_secret = form_id, form_secret
    else:
        return _oauth_error(401, "invalid_client", "client authentication is required")
    with tenant.lock:
        known = tenant.credentials
        if client_id != known.client_id or not _same_secret(client_secret, known.client_secret):
            challenge = {"WWW-Authenticate": 'Basic realm="oauth2"'} if basic is not None else None
            return _oauth_error(401, "invalid_client", "unknown client or wrong secret", challenge)
        token = tenant.tokens.issue(client_id)
        body = TokenResponse(access_token=token, token_type="Bearer", expires_in=tenant.tokens.lifetime_s)
    return JSONResponse(body.model_dump(), headers=_NO_STORE)
