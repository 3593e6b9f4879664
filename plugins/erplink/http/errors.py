"""The errors the HTTP core raises, typed by what the caller should do next.

Callers branch on the type: a ``TransientApiError`` is worth another run, an ``AmbiguousWriteError`` needs a
lookup before anything is re-sent, a ``PermanentApiError`` will fail the same way again. Every field is
already redacted when the error is built, so ``str()``, tracebacks and pickles carry no secret.
"""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """Every HTTP failure the core raises."""

    def __init__(
        self,
        *,
        system: str,
        method: str,
        url: str,
        status: int | None = None,
        code: str | None = None,
        vendor_message: str | None = None,
        retry_after: float | None = None,
        reason: str | None = None,
        retries_spent: bool = False,
    ) -> None:
        self.system = system
        self.method = method
        self.url = url
        self.status = status
        self.code = code
        self.vendor_message = vendor_message
        self.retry_after = retry_after
        # What went wrong when there is no vendor message: "read timeout", "connection refused", ...
        self.reason = reason
        # The request behind this error was already retried as far as its own policy allows (a token fetched
        # while another request was being sent): an enclosing retry loop must not start it all over again.
        self.retries_spent = retries_spent
        super().__init__(self._describe())

    def _describe(self) -> str:
        outcome = f"HTTP {self.status}" if self.status is not None else (self.reason or "no response")
        text = f"{self.system} {self.method} {self.url} failed: {outcome}"
        if self.code:
            text += f" [{self.code}]"
        if self.vendor_message:
            text += f": {self.vendor_message}"
        elif self.status is not None and self.reason:
            text += f": {self.reason}"
        return text

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword-only constructors do not survive pickling (Airflow ships task errors across processes).
        return _rebuild, (type(self), self.__dict__.copy())


def _rebuild(cls: type[ApiError], fields: dict[str, Any]) -> ApiError:
    return cls(**fields)


class TransientApiError(ApiError):
    """Timeouts, connection errors, 429 and 5xx that outlasted the retries: worth trying again later."""


class AmbiguousWriteError(TransientApiError):
    """A non-idempotent request may or may not have been applied: look the document up before re-sending."""


class PermanentApiError(ApiError):
    """A 4xx other than 408/429: the same request will fail the same way."""


class AuthenticationError(PermanentApiError):
    """401/403 that survived one re-authentication, or credentials the token endpoint refused."""


class NotFoundError(PermanentApiError):
    """404."""
