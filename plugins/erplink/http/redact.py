"""Keep secrets out of URLs, exception texts and log records.

Masking works from two sources: values known to be secret (credentials and tokens, registered as they are
loaded or fetched) and names known to carry secrets (``consumer_secret=…`` in a query string or free text).
Either alone would miss something: a token echoed in an error body has no tell-tale name, and a freshly
signed ``oauth_signature`` is known to no registry.
"""

from __future__ import annotations

import logging
import re
import sys
import threading
from collections.abc import Iterable
from urllib.parse import parse_qsl, quote, quote_plus, urlencode, urlsplit, urlunsplit

MASK = "***"

# Query parameter names whose values are always secret, whatever their value.
SECRET_PARAM_NAMES = frozenset(
    {
        "consumer_key",
        "consumer_secret",
        "oauth_consumer_key",
        "oauth_signature",
        "oauth_token",
        "token",
        "access_token",
        "refresh_token",
        "id_token",
        "client_secret",
        "password",
        "passwd",
        "pwd",
        "api_key",
        "apikey",
        "key",
        "secret",
        "signature",
        "sig",
        "auth",
        "authorization",
    }
)
# Any name containing one of these is treated as secret too (x-auth-token, admin_password, hmac_signature…).
_SECRET_NAME_PARTS = ("secret", "password", "token", "signature", "api_key", "apikey")

# ``name=value``, ``name: value``, ``"name": "value"`` and ``name="value"`` in free text (messages, headers,
# JSON bodies, urllib3's "Max retries exceeded with url: /path?consumer_secret=…").
_SECRET_ASSIGNMENT = re.compile(
    r"""(?P<name>[\w.-]*(?:secret|password|token|signature|api_key|apikey|consumer_key)[\w.-]*)"""
    r"""(?P<sep>["']?\s*[=:]\s*["']?)(?P<value>[^\s&"',;}\]]+)""",
    re.IGNORECASE,
)

# The credentials of an ``Authorization: Basic …``/``Bearer …`` header quoted in free text (a header dump, a
# re-raised library error): base64 of key:secret, or a token no registry has seen yet. Eight characters at least,
# so that prose such as "Bearer token expired" is left alone.
_AUTH_CREDENTIALS = re.compile(r"(?P<scheme>\b(?:Basic|Bearer)\s+)(?P<value>[A-Za-z0-9._~+/-]{8,}=*)")

# Values shorter than this are not registered process-wide: masking every "abc" in every log line would
# make logs unreadable. Short secrets passed explicitly to mask()/redact_url() are still masked.
_MIN_REGISTERED_LENGTH = 4

_registry_lock = threading.Lock()
_registered: set[str] = set()


def is_secret_name(name: str) -> bool:
    lowered = name.lower()
    return lowered in SECRET_PARAM_NAMES or any(part in lowered for part in _SECRET_NAME_PARTS)


def register_secret(*values: str | None) -> None:
    """Remember secrets for every later mask() in this process and hand them to Airflow's secrets masker.

    Airflow is only told when it is already loaded: every Airflow task process has it, and importing it just
    for this would cost a plain library user seconds.
    """
    fresh = [v for v in values if v and len(v) >= _MIN_REGISTERED_LENGTH]
    if not fresh:
        return
    with _registry_lock:
        new = [v for v in fresh if v not in _registered]
        _registered.update(new)
    if new and "airflow" in sys.modules:
        _tell_airflow(new)


def _tell_airflow(values: Iterable[str]) -> None:
    try:
        from airflow.sdk.log import mask_secret
    except ImportError:  # an Airflow without the Task SDK: its own masker is not reachable from here
        return
    for value in values:
        mask_secret(value)


def _variants(secret: str) -> set[str]:
    # A secret can appear percent-encoded in a URL or form body as well as verbatim.
    return {secret, quote(secret, safe=""), quote_plus(secret)}


def mask(text: str, secrets: Iterable[str | None] = ()) -> str:
    """``text`` with every known secret and every ``secret_name=value`` replaced by ``***``."""
    if not text:
        return text
    with _registry_lock:
        known = set(_registered)
    known.update(s for s in secrets if s)
    candidates: set[str] = set()
    for secret in known:
        candidates |= _variants(secret)
    # Longest first, so that a secret containing a shorter one is masked whole.
    for value in sorted(candidates, key=len, reverse=True):
        if value in text:
            text = text.replace(value, MASK)
    text = _AUTH_CREDENTIALS.sub(lambda m: f"{m['scheme']}{MASK}", text)
    return _SECRET_ASSIGNMENT.sub(lambda m: f"{m['name']}{m['sep']}{MASK}", text)


def mask_message(text: str, secrets: Iterable[str | None] = ()) -> str:
    """mask(), then Airflow's own secrets masker when Airflow is loaded.

    For free text that outlives the process (ledger errors, audit entries, task failure messages): Airflow's
    masker also holds what Airflow registered itself, such as the password and sensitive extras of every
    connection it loaded, including connections this package never built a client for.
    """
    masked = mask(text, secrets)
    if not masked or "airflow" not in sys.modules:
        return masked
    try:
        from airflow.sdk.log import redact
    except ImportError:  # an Airflow without the Task SDK
        return masked
    redacted = redact(masked)
    return redacted if isinstance(redacted, str) else masked


def redact_url(url: str, secrets: Iterable[str | None] = ()) -> str:
    """``url`` fit for logs and errors: secret query values, passwords in the authority and known secrets masked."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return mask(url, secrets)
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, _, host = netloc.rpartition("@")
        user = userinfo.split(":", 1)[0]
        netloc = f"{user}:{MASK}@{host}" if ":" in userinfo else f"{MASK}@{host}"
    query = parts.query
    if query:
        pairs = [(k, MASK if is_secret_name(k) else v) for k, v in parse_qsl(query, keep_blank_values=True)]
        query = urlencode(pairs, safe="*{}")
    redacted = urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))
    return mask(redacted, secrets)


class MaskingFilter(logging.Filter):
    """Rewrites a record's message with mask() before any handler sees it.

    Attached to third-party loggers that print request URLs and headers at DEBUG (oauthlib, requests-oauthlib).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


_FILTER = MaskingFilter()


def mask_loggers(*names: str) -> None:
    """Attach the masking filter to the named loggers (idempotent)."""
    for name in names:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
