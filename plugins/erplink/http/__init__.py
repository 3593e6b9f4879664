"""The HTTP core every system hook sends its requests through (no Airflow imports here)."""

from erplink.http.client import RestClient, endpoint_template, pooled_session
from erplink.http.errors import (
    AmbiguousWriteError,
    ApiError,
    AuthenticationError,
    NotFoundError,
    PermanentApiError,
    TransientApiError,
)
from erplink.http.metrics import CallCounter
from erplink.http.redact import mask, mask_message, redact_url, register_secret
from erplink.http.retry import RetryPolicy

__all__ = [
    "AmbiguousWriteError",
    "ApiError",
    "AuthenticationError",
    "CallCounter",
    "NotFoundError",
    "PermanentApiError",
    "RestClient",
    "RetryPolicy",
    "TransientApiError",
    "endpoint_template",
    "mask",
    "mask_message",
    "pooled_session",
    "redact_url",
    "register_secret",
]
