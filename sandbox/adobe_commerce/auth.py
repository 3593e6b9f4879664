"""Who is calling: an integration signing with OAuth 1.0a (HMAC-SHA256 or HMAC-SHA1, checked with oauthlib), an
admin bearer token, or an integration access token used as a bearer (refused unless the store allows it, as
2.4.4+ does by default). Magento checks the protocol values and the nonce before the signature, so a request whose
signature fails has still spent its nonce.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl, unquote

from oauthlib.common import Request as OAuthRequest
from oauthlib.oauth1.rfc5849 import signature as oauth_signature
from oauthlib.oauth1.rfc5849.utils import parse_authorization_header

from sandbox.adobe_commerce.errors import (
    BAD_SIGN_IN,
    BAD_SIGNATURE,
    BAD_TIMESTAMP,
    NONCE_USED,
    MagentoError,
    not_authorized,
)
from sandbox.adobe_commerce.options import Credentials

SIGNATURE_CHECKS = {"HMAC-SHA1": oauth_signature.verify_hmac_sha1, "HMAC-SHA256": oauth_signature.verify_hmac_sha256}
TIME_DEVIATION_S = 600  # Magento\Integration\Model\Oauth\Nonce\Generator::TIME_DEVIATION
INTEGRATION_CONSUMER_ID = 1


@dataclass(frozen=True)
class Caller:
    kind: str  # "integration" or "admin"


@dataclass(frozen=True)
class Incoming:
    method: str
    url: str  # scheme://host/path, as the client signed it
    query: str
    authorization: str


class Authenticator:
    def __init__(self, credentials: Credentials) -> None:
        self.credentials = credentials
        self._lock = threading.Lock()
        self._nonces: set[str] = set()
        self._admin_tokens: dict[str, datetime] = {}

    def reset(self) -> None:
        with self._lock:
            self._nonces.clear()
            self._admin_tokens.clear()

    def issue_admin_token(self, username: object, password: object, now: datetime, lifetime_s: int) -> str:
        good = (
            isinstance(username, str)
            and isinstance(password, str)
            and secrets.compare_digest(username, self.credentials.admin_username)
            and secrets.compare_digest(password, self.credentials.admin_password)
        )
        if not good:
            raise MagentoError(401, BAD_SIGN_IN)
        token = secrets.token_hex(16)
        with self._lock:
            self._admin_tokens[token] = now + timedelta(seconds=lifetime_s)
        return token

    def authenticate(self, request: Incoming, resource: str, now: datetime, *, integration_as_bearer: bool) -> Caller:
        header = request.authorization
        scheme, _, value = header.partition(" ")
        if scheme.lower() == "oauth":
            return self._oauth(request, now)
        if scheme.lower() == "bearer" and value.strip():
            token = value.strip()
            with self._lock:
                expires = self._admin_tokens.get(token)
            if expires is not None and now < expires:
                return Caller("admin")
            if integration_as_bearer and secrets.compare_digest(token, self.credentials.access_token):
                return Caller("integration")
        raise not_authorized(resource)

    def _oauth(self, request: Incoming, now: datetime) -> Caller:
        try:
            params = {name: unquote(value) for name, value in parse_authorization_header(request.authorization)}
        except ValueError:
            raise MagentoError(401, BAD_SIGNATURE) from None
        version = params.get("oauth_version")
        if version is not None and version != "1.0":
            raise MagentoError(400, 'The "%1" Oauth version isn\'t supported.', [version])
        method = params.get("oauth_signature_method", "")
        check = SIGNATURE_CHECKS.get(method)
        if check is None:
            raise MagentoError(400, "Signature method %1 is not supported", [method])
        if params.get("oauth_consumer_key") != self.credentials.consumer_key:
            raise MagentoError(401, "A consumer having the specified key does not exist")
        self._spend_nonce(params.get("oauth_nonce", ""), params.get("oauth_timestamp", ""), now)
        if params.get("oauth_token") != self.credentials.access_token:
            raise MagentoError(401, "Specified token does not exist")
        if not self._signature_matches(request, params.get("oauth_signature", ""), check):
            raise MagentoError(401, BAD_SIGNATURE)
        return Caller("integration")

    def _spend_nonce(self, nonce: str, timestamp: str, now: datetime) -> None:
        try:
            stamp = int(timestamp)
        except ValueError:
            stamp = 0
        if stamp <= 0 or stamp > now.timestamp() + TIME_DEVIATION_S:
            raise MagentoError(400, BAD_TIMESTAMP)
        with self._lock:
            if nonce in self._nonces:
                raise MagentoError(401, NONCE_USED, [str(INTEGRATION_CONSUMER_ID)])
            self._nonces.add(nonce)

    def _signature_matches(self, request: Incoming, signature: str, check: Callable[..., bool]) -> bool:
        params = parse_qsl(request.query, keep_blank_values=True)
        try:
            params += oauth_signature.collect_parameters(
                headers={"Authorization": request.authorization}, exclude_oauth_signature=True
            )
        except ValueError:
            return False
        oauth_request: Any = OAuthRequest(request.url, request.method)  # type: ignore[arg-type]
        oauth_request.params = params  # what oauthlib's signature checks read
        oauth_request.signature = signature
        return bool(check(oauth_request, self.credentials.consumer_secret, self.credentials.access_token_secret))
