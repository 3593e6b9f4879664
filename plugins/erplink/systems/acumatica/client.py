"""The HTTP client of an Acumatica hook: the core client, taught what Acumatica's answers mean.

- Acumatica answers a look-up of a missing record with 500 ``NoEntitySatisfiesTheConditionException`` (it declares
  no 404): that is "not found", not a transient failure to retry.
- A refused cookie login ("Invalid credentials", an unknown branch) comes as a 500: it is a permanent
  authentication error; sending the password again cannot help and may lock the user.
- A failed long operation reports its reason as a 500 on its status URL: permanent, the document says why.
- Every seat of the licence taken ("API Login Limit", on a login or on a token's first request): the request was
  refused before anything happened, so it is sent again once a seat may have freed, for up to ``seat_wait_s``.
- Before each request the client keeps under the tenant's per-minute cap (``MinutePacer``); a 429 is retried by
  the core's policy (exponential backoff with full jitter: Acumatica sends no ``Retry-After``).
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from typing import Any

import requests

from erplink.http.client import RestClient
from erplink.http.errors import ApiError, AuthenticationError, NotFoundError, PermanentApiError
from erplink.systems.acumatica.pacing import MinutePacer

log = logging.getLogger(__name__)

NOT_FOUND_EXCEPTION = "NoEntitySatisfiesTheConditionException"
LOGIN_LIMIT_TEXT = "API Login Limit"
REFUSED_LOGIN_TEXTS = ("Invalid credentials", "cannot be found in the system")
LOGIN_PATH = "entity/auth/login"
OPERATION_STATUS_SEGMENT = "/status/"
# Seconds between two tries for a seat: a seat frees when another task logs out, which takes seconds, not millis.
SEAT_RETRY_S = (1.0, 3.0)


def is_login_limit(response: requests.Response) -> bool:
    return response.status_code >= 400 and LOGIN_LIMIT_TEXT.lower() in (response.text or "").lower()


class AcumaticaClient(RestClient):
    def __init__(
        self,
        *,
        pacer: MinutePacer | None = None,
        seat_wait_s: float = 300.0,
        sleep: Callable[[float], None] = time.sleep,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.pacer = pacer or MinutePacer(None)
        self.seat_wait_s = seat_wait_s
        self._sleep = sleep

    def _send(self, call: Any) -> requests.Response:
        self.pacer.wait()
        response = super()._send(call)
        waited = 0.0
        while is_login_limit(response) and waited < self.seat_wait_s:
            delay = random.uniform(*SEAT_RETRY_S)
            log.info("acumatica: every licence seat is taken; trying again in %.1fs (%.0fs waited)", delay, waited)
            self._sleep(delay)
            waited += delay
            self.pacer.wait()
            response = super()._send(call)
        return response

    def _error_from_response(self, call: Any, response: requests.Response) -> ApiError:
        error = super()._error_from_response(call, response)
        if response.status_code < 500 or isinstance(error, PermanentApiError):
            return error
        text = f"{error.code or ''} {error.vendor_message or ''}"
        if NOT_FOUND_EXCEPTION in text:
            return _as(NotFoundError, error)
        if call.url.rstrip("/").endswith(LOGIN_PATH) and any(t.lower() in text.lower() for t in REFUSED_LOGIN_TEXTS):
            return _as(AuthenticationError, error)
        if OPERATION_STATUS_SEGMENT in call.url and call.method == "GET":
            return _as(PermanentApiError, error)
        return error


def _as(kind: type[PermanentApiError], error: ApiError) -> PermanentApiError:
    """``error`` (a 5xx, read as transient by default) as the permanent ``kind`` it is."""
    return kind(
        system=error.system,
        method=error.method,
        url=error.url,
        status=error.status,
        code=error.code,
        vendor_message=error.vendor_message,
    )
