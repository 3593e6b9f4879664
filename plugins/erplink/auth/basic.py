"""HTTP Basic (WooCommerce keys over HTTPS, and any system that takes a user name and password)."""

from __future__ import annotations

from requests.auth import HTTPBasicAuth

from erplink.http.redact import register_secret


class BasicAuth(HTTPBasicAuth):
    """requests' Basic auth, with the password registered for masking."""

    def __init__(self, username: str, password: str) -> None:
        super().__init__(username, password)
        register_secret(password)
