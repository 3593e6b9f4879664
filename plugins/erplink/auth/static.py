"""A fixed token in a header of its own (BigCommerce ``X-Auth-Token``)."""

from __future__ import annotations

import requests
from requests.auth import AuthBase

from erplink.http.redact import register_secret


class StaticHeaderAuth(AuthBase):
    """Sends ``header: value`` on every request, verbatim (BigCommerce wants no ``Bearer`` prefix).

    Nothing to refresh: BigCommerce tokens do not expire, so a 401 is final.
    """

    def __init__(self, header: str = "X-Auth-Token", value: str = "") -> None:
        if not value:
            raise ValueError(f"{header} needs a token value")
        self.header = header
        self._value = value
        register_secret(value)

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers[self.header] = self._value
        return request
