"""WooCommerce REST authentication, following WC_REST_Authentication.

HTTPS: HTTP Basic with consumer key/secret, or `consumer_key`/`consumer_secret` in the query. Any scheme:
OAuth 1.0a one-legged (HMAC-SHA1/256, key `consumer_secret&`, 15-minute window, single-use nonces), with the
parameters in the query or an `Authorization: OAuth` header. Over plain HTTP, Basic and query keys are ignored,
so the request is simply unauthenticated. Signatures are checked with oauthlib.
"""

from __future__ import annotations

import base64
import binascii
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, unquote

from oauthlib.common import Request as OAuthRequest
from oauthlib.oauth1.rfc5849 import signature as oauth_signature
from oauthlib.oauth1.rfc5849.utils import parse_authorization_header

from sandbox.woocommerce.errors import WooError

TIMESTAMP_WINDOW_SECONDS = 15 * 60
REQUIRED_OAUTH_PARAMS = ("oauth_consumer_key", "oauth_timestamp", "oauth_nonce", "oauth_signature",
                         "oauth_signature_method")
SIGNATURE_CHECKS = {"HMAC-SHA1": oauth_signature.verify_hmac_sha1,
                    "HMAC-SHA256": oauth_signature.verify_hmac_sha256}
BASIC_REALM = ('Basic realm="WooCommerce API. Use a consumer key in the username field and a consumer secret in '
               'the password field."')
# (code, message) the CRUD controllers' permission checks answer an anonymous caller with.
PERMISSION_ERRORS = {
    "list": ("woocommerce_rest_cannot_view", "Sorry, you cannot list resources."),
    "view": ("woocommerce_rest_cannot_view", "Sorry, you cannot view this resource."),
    "create": ("woocommerce_rest_cannot_create", "Sorry, you are not allowed to create resources."),
    "edit": ("woocommerce_rest_cannot_edit", "Sorry, you are not allowed to edit this resource."),
    "delete": ("woocommerce_rest_cannot_delete", "Sorry, you are not allowed to delete this resource."),
    "batch": ("woocommerce_rest_cannot_batch", "Sorry, you are not allowed to batch manipulate this resource."),
}


def _auth_error(message: str, headers: dict[str, str] | None = None) -> WooError:
    return WooError("woocommerce_rest_authentication_error", message, 401, headers)


@dataclass(frozen=True)
class ApiKey:
    key_id: int
    description: str
    permissions: str  # "read", "write" or "read_write"
    consumer_key: str = field(repr=False)
    consumer_secret: str = field(repr=False)


def new_api_key(key_id: int, description: str, permissions: str) -> ApiKey:
    return ApiKey(key_id, description, permissions, f"ck_{secrets.token_hex(20)}", f"cs_{secrets.token_hex(20)}")


@dataclass(frozen=True)
class IncomingRequest:
    """What authentication needs from an HTTP request, independent of the web framework."""

    method: str
    url: str  # absolute, with the query string
    query: str
    headers: dict[str, str]  # lower-case names

    @property
    def is_ssl(self) -> bool:
        return self.url.startswith("https://")


class Authenticator:
    def __init__(self, keys: list[ApiKey], *, clock: Callable[[], float] = time.time):
        self._keys = {key.consumer_key: key for key in keys}
        self._clock = clock
        self._lock = threading.Lock()
        self._nonces: dict[str, dict[str, int]] = {}  # consumer key -> nonce -> timestamp

    def authenticate(self, request: IncomingRequest) -> ApiKey | None:
        """The key the request proves, None for an anonymous request; raises for a failed attempt."""
        key = self._basic(request) if request.is_ssl else None
        if key is None:
            key = self._oauth(request)
        if key is not None:
            self._check_key_permissions(key, request.method)
        return key

    def _basic(self, request: IncomingRequest) -> ApiKey | None:
        query = dict(parse_qsl(request.query))
        consumer_key, consumer_secret = query.get("consumer_key", ""), query.get("consumer_secret", "")
        if not (consumer_key and consumer_secret):
            consumer_key, consumer_secret = _basic_credentials(request.headers.get("authorization", ""))
        if not (consumer_key and consumer_secret):
            return None
        key = self._keys.get(consumer_key)
        if key is None:
            return None
        if not secrets.compare_digest(key.consumer_secret, consumer_secret):
            raise _auth_error("Consumer secret is invalid.", {"WWW-Authenticate": BASIC_REALM})
        return key

    def _oauth(self, request: IncomingRequest) -> ApiKey | None:
        params = dict(parse_qsl(request.query, keep_blank_values=True))
        header = request.headers.get("authorization", "")
        if header[:6].lower() == "oauth ":
            params.update((name, unquote(value)) for name, value in parse_authorization_header(header))
        missing = [name for name in REQUIRED_OAUTH_PARAMS if not params.get(name)]
        if len(missing) == len(REQUIRED_OAUTH_PARAMS):
            return None
        if missing:
            noun = "parameter" if len(missing) == 1 else "parameters"
            raise WooError("woocommerce_rest_authentication_missing_parameter",
                           f"Missing OAuth {noun} {', '.join(missing)}", 401)
        key = self._keys.get(params["oauth_consumer_key"])
        if key is None:
            raise _auth_error("Consumer key is invalid.")
        check = SIGNATURE_CHECKS.get(params["oauth_signature_method"])
        if check is None:
            raise _auth_error("Invalid signature - signature method is invalid.")
        if not self._signature_matches(request, header, params["oauth_signature"], key, check):
            raise _auth_error("Invalid signature - provided signature does not match.")
        self._use_nonce(key, params["oauth_timestamp"], params["oauth_nonce"])
        return key

    @staticmethod
    def _signature_matches(request: IncomingRequest, header: str, signature: str, key: ApiKey, check) -> bool:
        # PHP's $_GET keeps the last of repeated query arguments, and WooCommerce signs what $_GET holds; some
        # clients (the official Python one among them) send every argument twice, so collapse them the same way.
        query = dict(parse_qsl(request.query, keep_blank_values=True))
        params = [(name, value) for name, value in query.items() if name != "oauth_signature"]
        try:
            if header:
                params += oauth_signature.collect_parameters(headers={"Authorization": header},
                                                             exclude_oauth_signature=True)
        except ValueError:
            return False
        oauth_request = OAuthRequest(request.url, request.method)
        oauth_request.params = params
        oauth_request.signature = signature
        return check(oauth_request, key.consumer_secret, "")

    def _use_nonce(self, key: ApiKey, timestamp: str, nonce: str) -> None:
        now = int(self._clock())
        try:
            stamp = int(timestamp)
        except ValueError:
            raise _auth_error("Invalid timestamp.") from None
        if not now - TIMESTAMP_WINDOW_SECONDS <= stamp <= now + TIMESTAMP_WINDOW_SECONDS:
            raise _auth_error("Invalid timestamp.")
        with self._lock:
            used = self._nonces.setdefault(key.consumer_key, {})
            if nonce in used:
                raise _auth_error("Invalid nonce - nonce has already been used.")
            used[nonce] = stamp
            for old_nonce, old_stamp in list(used.items()):
                if old_stamp < now - TIMESTAMP_WINDOW_SECONDS:
                    del used[old_nonce]

    @staticmethod
    def _check_key_permissions(key: ApiKey, method: str) -> None:
        if method in ("GET", "HEAD") and key.permissions not in ("read", "read_write"):
            raise _auth_error("The API key provided does not have read permissions.")
        if method in ("POST", "PUT", "PATCH", "DELETE") and key.permissions not in ("write", "read_write"):
            raise _auth_error("The API key provided does not have write permissions.")


def require(key: ApiKey | None, action: str) -> None:
    """The route's permission callback: anonymous callers are refused with the action's own error."""
    if key is None:
        code, message = PERMISSION_ERRORS[action]
        raise WooError(code, message, 401)


def _basic_credentials(header: str) -> tuple[str, str]:
    if header[:6].lower() != "basic ":
        return "", ""
    try:
        decoded = base64.b64decode(header[6:].strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return "", ""
    user, _, password = decoded.partition(":")
    return user, password
