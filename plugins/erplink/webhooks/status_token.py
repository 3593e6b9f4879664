"""The bearer token that guards ``GET /erplink/webhooks/status``.

Taken from ``ERPLINK_STATUS_TOKEN`` or else the Airflow Variable ``erplink_status_token``; without either the
status endpoint refuses every caller.
"""

from __future__ import annotations

import hmac
import logging
import os
from collections.abc import Callable

from erplink.webhooks.cache import TtlCache

log = logging.getLogger(__name__)

TOKEN_ENV = "ERPLINK_STATUS_TOKEN"
TOKEN_VARIABLE = "erplink_status_token"


def _variable_token() -> str | None:
    from airflow.sdk import Variable

    try:
        value = Variable.get(TOKEN_VARIABLE, default=None)
    except Exception as exc:  # a secrets backend or metadata DB that is down must not crash the endpoint
        log.warning("cannot read Variable %s: %s", TOKEN_VARIABLE, type(exc).__name__)
        return None
    return str(value) if value else None


class StatusToken:
    def __init__(
        self, cache: TtlCache[str | None], *, read_variable: Callable[[], str | None] = _variable_token
    ) -> None:
        self._cache = cache
        self._read_variable = read_variable

    def _expected(self) -> str | None:
        return os.environ.get(TOKEN_ENV) or self._cache.get_or_load(TOKEN_VARIABLE, self._read_variable)

    def allows(self, authorization: str | None) -> bool:
        expected = self._expected()
        if not expected:
            log.warning("webhook status requested but no %s / Variable %s is set", TOKEN_ENV, TOKEN_VARIABLE)
            return False
        scheme, _, presented = (authorization or "").partition(" ")
        if scheme.lower() != "bearer":
            return False
        return hmac.compare_digest(presented.strip().encode(), expected.encode())
