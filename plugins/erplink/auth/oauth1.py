"""OAuth 1.0a request signing through requests-oauthlib: one-legged (consumer key and secret only, e.g. a
WooCommerce store over plain HTTP) and with an access token (e.g. an Adobe Commerce integration).

Two deviations from oauthlib's defaults, both on purpose:
- no ``oauth_body_hash``: neither WooCommerce nor Magento signs the body (oauthlib 4 adds the hash to any
  request with a non-form body it is given);
- WooCommerce's one-legged flavour omits ``oauth_version``, as its docs ask; Magento's integration keeps it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, Literal

import requests
from oauthlib.common import generate_nonce
from oauthlib.oauth1 import SIGNATURE_TYPE_AUTH_HEADER, SIGNATURE_TYPE_QUERY
from oauthlib.oauth1 import Client as OAuthlibClient
from requests_oauthlib import OAuth1

from erplink.auth.query_fallback import QueryFallback
from erplink.http.redact import mask_loggers, register_secret

SignatureMethod = Literal["HMAC-SHA1", "HMAC-SHA256"]
_SIGNATURE_METHODS = ("HMAC-SHA1", "HMAC-SHA256")
_PLACEMENTS = {"header": SIGNATURE_TYPE_AUTH_HEADER, "query": SIGNATURE_TYPE_QUERY}

# These libraries log the signed URL, headers and base string at DEBUG.
_SIGNING_LOGGERS = ("requests_oauthlib.oauth1_auth", "oauthlib.oauth1.rfc5849", "oauthlib.oauth1.rfc5849.signature")


class _SigningClient(OAuthlibClient):
    """oauthlib's client with the parameter set adjusted and injectable nonce and timestamp sources."""

    include_version: bool = True
    clock: Callable[[], float] = staticmethod(time.time)
    nonce_factory: Callable[[], str] = staticmethod(generate_nonce)

    def get_oauth_params(self, request: Any) -> list[tuple[str, str]]:
        params = []
        # types-oauthlib leaves get_oauth_params unannotated: it yields (name, value) string pairs.
        for name, value in super().get_oauth_params(request):  # type: ignore[no-untyped-call]
            if name == "oauth_body_hash" or (name == "oauth_version" and not self.include_version):
                continue
            if name == "oauth_nonce":
                value = self.nonce_factory()
            elif name == "oauth_timestamp":
                value = str(int(self.clock()))
            params.append((name, value))
        return params


class _SignedAuth(OAuth1):
    client: _SigningClient  # requests-oauthlib builds it from ``client_class``

    def __init__(
        self,
        consumer_key: str,
        consumer_secret: str,
        *,
        token: str | None,
        token_secret: str | None,
        signature_method: SignatureMethod,
        placement: Literal["header", "query"],
        include_version: bool,
        clock: Callable[[], float],
        nonce_factory: Callable[[], str],
    ) -> None:
        if signature_method not in _SIGNATURE_METHODS:
            raise ValueError(f"signature_method must be one of {_SIGNATURE_METHODS}, not {signature_method!r}")
        if placement not in _PLACEMENTS:
            raise ValueError(f"placement must be header or query, not {placement!r}")
        super().__init__(
            consumer_key,
            client_secret=consumer_secret,
            resource_owner_key=token,
            resource_owner_secret=token_secret,
            signature_method=signature_method,
            signature_type=_PLACEMENTS[placement],
            client_class=_SigningClient,
        )
        self.client.include_version = include_version
        self.client.clock = clock
        self.client.nonce_factory = nonce_factory
        register_secret(consumer_key, consumer_secret, token, token_secret)
        mask_loggers(*_SIGNING_LOGGERS)


class OAuth1OneLegged(_SignedAuth):
    """Consumer key and secret only (e.g. WooCommerce over plain HTTP); signing key ``consumer_secret&``.

    ``placement`` puts the OAuth parameters in the Authorization header (WooCommerce 3.0+) or the query string;
    ``auto`` starts with the header and, on the first 401 that ``credentials_missing`` (the system's reading of its
    own 401) says arrived without credentials (a host that strips the Authorization header), signs into the query
    string for good. A 401 for a signature the server did read ("signature does not match") does not switch: the
    key is wrong, not lost.
    """

    def __init__(
        self,
        consumer_key: str,
        consumer_secret: str,
        signature_method: SignatureMethod = "HMAC-SHA256",
        *,
        placement: Literal["header", "query", "auto"] = "header",
        credentials_missing: Callable[[requests.Response], bool] | None = None,
        clock: Callable[[], float] = time.time,
        nonce_factory: Callable[[], str] = generate_nonce,
    ) -> None:
        if placement not in ("header", "query", "auto"):
            raise ValueError(f"placement must be header, query or auto, not {placement!r}")
        if placement == "auto" and credentials_missing is None:
            raise ValueError("placement auto needs credentials_missing: what tells a lost header from a wrong key")
        super().__init__(
            consumer_key,
            consumer_secret,
            token=None,
            token_secret=None,
            signature_method=signature_method,
            placement="query" if placement == "query" else "header",
            include_version=False,
            clock=clock,
            nonce_factory=nonce_factory,
        )
        self.placement = placement
        self._fallback = QueryFallback(
            placement,
            query_marker="oauth_signature=",
            on_switch=self._sign_in_query,
            credentials_missing=credentials_missing or _never,
        )

    def _sign_in_query(self) -> None:
        self.client.signature_type = SIGNATURE_TYPE_QUERY

    @property
    def uses_query(self) -> bool:
        signature_type: str = self.client.signature_type  # unannotated in types-oauthlib
        return signature_type == SIGNATURE_TYPE_QUERY

    def on_unauthorized(self, response: requests.Response) -> bool:
        """True when the next signing goes to the query string and this request did not (worth one retry)."""
        return self._fallback.on_unauthorized(response)


def _never(response: requests.Response) -> bool:
    return False


class OAuth1TokenAuth(_SignedAuth):
    """Consumer key/secret plus access token/secret, in the header (e.g. an Adobe Commerce (PaaS) integration).

    Signing key ``consumer_secret&token_secret``. Integration tokens never expire, so there is no refresh.
    """

    def __init__(
        self,
        consumer_key: str,
        consumer_secret: str,
        token: str,
        token_secret: str,
        signature_method: SignatureMethod = "HMAC-SHA256",
        *,
        include_version: bool = True,
        clock: Callable[[], float] = time.time,
        nonce_factory: Callable[[], str] = generate_nonce,
    ) -> None:
        super().__init__(
            consumer_key,
            consumer_secret,
            token=token,
            token_secret=token_secret,
            signature_method=signature_method,
            placement="header",
            include_version=include_version,
            clock=clock,
            nonce_factory=nonce_factory,
        )
