"""What a failure means for the record: quarantine it, retry it, or stop the whole run."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from erplink.http.errors import AmbiguousWriteError, ApiError, AuthenticationError, PermanentApiError
from erplink.http.redact import mask_message
from erplink.ledger.models import RecordKey
from erplink.load.errors import MappingError, NotLoadable


class Disposition(StrEnum):
    QUARANTINE = "quarantine"  # will fail the same way again: keep it for a person, replayable
    RETRY = "retry"  # worth another try on the next run
    AMBIGUOUS = "ambiguous"  # a create may have landed: retry, and the retry looks the reference up first
    SKIP = "skip"  # not meant for the target as it stands (e.g. an unpaid order): skipped, not an error
    ABORT = "abort"  # affects every record (e.g. credentials): stop the run, quarantine nothing


Classifier = Callable[[Exception], Disposition]


def default_classifier(exc: Exception) -> Disposition:
    """Disposition by error type.

    Authentication failures stop the run instead of quarantining every record with the same cause. Unknown
    exceptions are retried: every retry looks the reference up before creating, and the attempt limit quarantines
    a record that keeps failing.
    """
    if isinstance(exc, NotLoadable):
        return Disposition.SKIP
    if isinstance(exc, AuthenticationError):
        return Disposition.ABORT
    if isinstance(exc, (MappingError, PermanentApiError)):
        return Disposition.QUARANTINE
    if isinstance(exc, AmbiguousWriteError):
        return Disposition.AMBIGUOUS
    return Disposition.RETRY  # TransientApiError and anything unexpected


def describe_failure(key: RecordKey, exc: Exception) -> str:
    """A one-line reason an operator can act on, naming the record, with every known secret masked.

    The text is stored (the ledger's last error, the audit trail) and logged, so it is masked whatever its source:
    API errors are redacted when built, but any other exception (a driver error, a bug quoting a URL or header)
    carries whatever text its raiser gave it.
    """
    if isinstance(exc, (MappingError, NotLoadable)):
        text = f"{key}: {exc.reason}"
    elif isinstance(exc, ApiError):
        text = f"{key}: {exc}"
    else:
        text = f"{key}: {type(exc).__name__}: {exc}"
    return mask_message(text)


def http_status_of(exc: Exception) -> int | None:
    return exc.status if isinstance(exc, ApiError) else None
