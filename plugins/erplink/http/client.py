"""One REST client for every system: pooled session, timeouts, retries, re-authentication, typed errors.

The rule that matters most here is about writes. None of the systems accepts an idempotency key, so a POST or
PATCH is sent again only when it certainly was not applied (the connection was never made, or the server
answered 408/429, or 503 with a Retry-After). After any other failure the write may have landed, and the
client raises ``AmbiguousWriteError`` so that the load protocol looks the document up instead of posting twice.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ConnectTimeoutError, MaxRetryError, NewConnectionError
from urllib3.exceptions import SSLError as Urllib3SSLError

from erplink import __version__
from erplink.http.error_bodies import ErrorParser, generic_error
from erplink.http.errors import (
    AmbiguousWriteError,
    ApiError,
    AuthenticationError,
    NotFoundError,
    PermanentApiError,
    TransientApiError,
)
from erplink.http.metrics import CallCounter
from erplink.http.redact import mask, mask_loggers, redact_url, register_secret
from erplink.http.retry import RetryPolicy

log = logging.getLogger(__name__)

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})
# Statuses that prove the server refused the request before acting on it.
_NOT_APPLIED_STATUSES = frozenset({408, 429})
# urllib3 logs each request line, query string included, at DEBUG.
_TRANSPORT_LOGGERS = ("urllib3.connectionpool",)
ErrorClass = Callable[[int, str | None], type[ApiError] | None]
"""(HTTP status, the parsed vendor code) → the error type to raise; None leaves it to the status."""
_ID_SEGMENT = re.compile(r"^(\d+|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$")


def pooled_session(pool_maxsize: int = 8) -> requests.Session:
    """A session whose connection pool serves ``pool_maxsize`` threads per host without blocking.

    urllib3's own retries are off: retrying is this client's decision, made with the method in mind.
    """
    session = requests.Session()
    adapter = HTTPAdapter(pool_connections=4, pool_maxsize=pool_maxsize, max_retries=0)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session


def endpoint_template(method: str, relative_path: str) -> str:
    """``GET orders/1042`` → ``GET orders/{id}``: numeric and UUID path segments become ``{id}``."""
    segments = [("{id}" if _ID_SEGMENT.match(s) else s) for s in relative_path.strip("/").split("/")]
    return f"{method.upper()} {'/'.join(segments)}"


@dataclass
class _Call:
    """One logical request, across its attempts."""

    method: str
    url: str
    params: Any
    json: Any
    data: Any
    headers: dict[str, str]
    endpoint: str
    resendable: bool  # may be sent again even when an earlier attempt might have been applied
    sent: int = 0
    reauthenticated: bool = False


@dataclass(frozen=True)
class _Failure:
    label: str  # how the call counter records it
    reason: str
    never_sent: bool


class RestClient:
    """HTTP for one system: ``request`` returns a successful response or raises an ``ApiError`` subclass."""

    def __init__(
        self,
        *,
        system: str,
        base_url: str,
        auth: requests.auth.AuthBase | None = None,
        timeout: tuple[float, float] = (5.0, 30.0),
        retry: RetryPolicy | None = None,
        error_parser: ErrorParser | None = None,
        counter: CallCounter | None = None,
        session: requests.Session | None = None,
        verify: bool | str | None = True,  # None: requests takes the session's own setting
        secrets: Iterable[str | None] = (),
        headers: Mapping[str, str] | None = None,
        pool_maxsize: int = 8,
        error_class: ErrorClass | None = None,
    ) -> None:
        self.system = system
        self.base_url = base_url.rstrip("/") + "/"
        self.auth = auth
        self.timeout = timeout
        self.retry = retry or RetryPolicy()
        self.error_parser = error_parser or generic_error
        # A protocol whose error body says what kind of failure it is (a SOAP fault's code) decides the error type.
        self.error_class = error_class
        self.counter = counter or CallCounter()
        self.session = session or pooled_session(pool_maxsize)
        self.verify = verify
        self.secrets = tuple(s for s in secrets if s)
        register_secret(*self.secrets)
        mask_loggers(*_TRANSPORT_LOGGERS)
        self.headers = {"Accept": "application/json", "User-Agent": f"erplink/{__version__}", **(headers or {})}

    # -- public API -----------------------------------------------------------------------------------------

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Any = None,
        json: Any = None,
        data: Any = None,
        headers: Mapping[str, str] | None = None,
        endpoint: str | None = None,
        idempotent: bool | None = None,
    ) -> requests.Response:
        """Send ``method path`` and return the response (status < 300), retrying what may safely be retried.

        ``path`` is relative to ``base_url`` or absolute. ``endpoint`` names the call for counting; by default
        the method and the path with ids replaced by ``{id}``. ``idempotent`` overrides the method's default
        (GET/HEAD/PUT/DELETE/OPTIONS are; POST/PATCH are not), e.g. for a token request or a search by POST.
        """
        method = method.upper()
        url = self.url_for(path)
        call = _Call(
            method=method,
            url=url,
            params=params,
            json=json,
            data=data,
            headers={**self.headers, **(headers or {})},
            endpoint=endpoint or endpoint_template(method, self._relative(url)),
            resendable=method in IDEMPOTENT_METHODS if idempotent is None else idempotent,
        )
        return self.retry.call(lambda: self._attempt(call), on_retry=lambda n, e, d: self._log_retry(call, n, e, d))

    def get_json(self, path: str, *, params: Any = None, endpoint: str | None = None) -> Any:
        """GET and decode the JSON body (``None`` for an empty body)."""
        response = self.request("GET", path, params=params, endpoint=endpoint)
        return self._decode(response, "GET", resendable=True)

    def send_json(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: Any = None,
        endpoint: str | None = None,
        idempotent: bool | None = None,
    ) -> Any:
        """POST/PUT/PATCH a JSON body and decode the JSON answer (``None`` for an empty body).

        ``idempotent`` as for :meth:`request`: True for a POST whose body is safe to apply twice.
        """
        method = method.upper()
        resendable = method in IDEMPOTENT_METHODS if idempotent is None else idempotent
        response = self.request(method, path, json=json, params=params, endpoint=endpoint, idempotent=resendable)
        return self._decode(response, method, resendable=resendable)

    def url_for(self, path: str) -> str:
        if path.startswith(("http://", "https://")):
            return path
        return self.base_url + path.lstrip("/")

    def redact(self, text: str) -> str:
        """``text`` with this client's secrets, and any other registered secret, masked."""
        return mask(text, self.secrets)

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> RestClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- one attempt ----------------------------------------------------------------------------------------

    def _attempt(self, call: _Call) -> requests.Response:
        response = self._send(call)
        if response.status_code == 401 and not call.reauthenticated:
            call.reauthenticated = True
            if self._reauthenticate(response):
                response = self._send(call)
        if response.status_code < 300:
            return response
        raise self._error_from_response(call, response)

    def _reauthenticate(self, response: requests.Response) -> bool:
        on_unauthorized: Callable[[requests.Response], bool] | None = getattr(self.auth, "on_unauthorized", None)
        return bool(on_unauthorized and on_unauthorized(response))

    def _send(self, call: _Call) -> requests.Response:
        call.sent += 1
        try:
            response = self.session.request(
                call.method,
                call.url,
                params=call.params,
                json=call.json,
                data=call.data,
                headers=call.headers,
                auth=self.auth,
                timeout=self.timeout,
                verify=self.verify,
                # requests turns a redirected POST into a GET; a write must never be silently re-routed.
                allow_redirects=call.method in ("GET", "HEAD"),
            )
        except requests.RequestException as exc:
            failure = _classify(exc)
            self.counter.record(self.system, call.endpoint, failure.label if failure else "error")
            log.debug(
                "%s %s %s -> %s (attempt %d)",
                self.system,
                call.method,
                self._display_url(call),
                failure.label if failure else type(exc).__name__,
                call.sent,
            )
            # `from None`: the original exception's text holds the raw URL, query secrets included.
            raise self._error_from_exception(call, exc, failure) from None
        self.counter.record(self.system, call.endpoint, response.status_code)
        log.debug(
            "%s %s %s -> %d (attempt %d)",
            self.system,
            call.method,
            redact_url(response.url, self.secrets),
            response.status_code,
            call.sent,
        )
        return response

    # -- errors ---------------------------------------------------------------------------------------------

    def _error_from_exception(self, call: _Call, exc: requests.RequestException, failure: _Failure | None) -> ApiError:
        fields: dict[str, Any] = dict(system=self.system, method=call.method, url=self._display_url(call))
        if failure is None:
            return ApiError(**fields, reason=self.redact(f"{type(exc).__name__}: {exc}"))
        reason = self.redact(f"{failure.reason}: {exc}")
        if failure.never_sent or call.resendable:
            return TransientApiError(**fields, reason=reason)
        return AmbiguousWriteError(**fields, reason=reason)

    def _error_from_response(self, call: _Call, response: requests.Response) -> ApiError:
        status = response.status_code
        code, message = self._parse_error(response)
        fields: dict[str, Any] = dict(
            system=self.system,
            method=call.method,
            url=redact_url(response.url or call.url, self.secrets),
            status=status,
            code=self.redact(code) if code else None,
            vendor_message=self.redact(message) if message else None,
        )
        chosen = self.error_class(status, code) if self.error_class is not None else None
        if chosen is not None:
            return chosen(**fields)
        if status < 400:
            location = redact_url(response.headers.get("Location", ""), self.secrets)
            return PermanentApiError(
                **fields,
                reason=f"unexpected redirect to {location or 'nowhere'}; "
                "check the base URL (scheme, host, trailing path)",
            )
        if status in (401, 403):
            return AuthenticationError(**fields)
        if status == 404:
            return NotFoundError(**fields)
        if status in _NOT_APPLIED_STATUSES:
            return TransientApiError(**fields, retry_after=self.retry.retry_after(response.headers))
        if status >= 500:
            retry_after = self.retry.retry_after(response.headers) if status == 503 else None
            # A 503 that names a time to come back is the server turning requests away, not failing one.
            if call.resendable or retry_after is not None:
                return TransientApiError(**fields, retry_after=retry_after)
            return AmbiguousWriteError(**fields, reason="server error after the write was sent")
        return PermanentApiError(**fields)

    def _parse_error(self, response: requests.Response) -> tuple[str | None, str | None]:
        try:
            return self.error_parser(response)
        except Exception:  # a parser bug must not hide the HTTP error it was asked to describe
            log.debug("%s error parser failed on HTTP %d", self.system, response.status_code, exc_info=True)
            return None, None

    def _decode(self, response: requests.Response, method: str, *, resendable: bool) -> Any:
        if response.status_code == 204 or not response.content:
            return None
        try:
            return response.json()
        except ValueError:
            # A write answered with something unreadable was most likely applied: treat it as ambiguous.
            cls = TransientApiError if resendable else AmbiguousWriteError
            raise cls(
                system=self.system,
                method=method,
                url=redact_url(response.url, self.secrets),
                status=response.status_code,
                reason=f"response body is not JSON (Content-Type {response.headers.get('Content-Type')!r})",
            ) from None

    # -- logging helpers ------------------------------------------------------------------------------------

    def _log_retry(self, call: _Call, attempt: int, error: BaseException, delay: float) -> None:
        status = getattr(error, "status", None)
        outcome = f"HTTP {status}" if status is not None else getattr(error, "reason", type(error).__name__)
        url = getattr(error, "url", None) or self._display_url(call)  # already redacted
        log.warning(
            "%s %s %s: %s; retrying (attempt %d of %d) in %.2fs",
            self.system,
            call.method,
            url,
            outcome,
            attempt + 1,
            self.retry.max_attempts,
            delay,
        )

    def _display_url(self, call: _Call) -> str:
        prepared = requests.PreparedRequest()
        try:
            prepared.prepare_url(call.url, call.params)
            url = prepared.url or call.url
        except requests.RequestException:
            url = call.url
        return redact_url(url, self.secrets)

    def _relative(self, url: str) -> str:
        if url.startswith(self.base_url):
            return url[len(self.base_url) :].split("?", 1)[0]
        return urlsplit(url).path


def _classify(exc: requests.RequestException) -> _Failure | None:
    """What a transport failure means for a retry; ``None`` for errors that are not transient (bad URL…)."""
    if isinstance(exc, requests.ConnectTimeout):
        return _Failure("timeout", "connect timeout", never_sent=True)
    if isinstance(exc, requests.ReadTimeout):
        return _Failure("timeout", "read timeout", never_sent=False)
    if isinstance(exc, requests.ConnectionError):
        if _never_connected(exc):
            return _Failure("connection_error", "connection failed", never_sent=True)
        return _Failure("connection_error", "connection dropped", never_sent=False)
    if isinstance(exc, (requests.exceptions.ChunkedEncodingError, requests.exceptions.ContentDecodingError)):
        return _Failure("connection_error", "response cut short", never_sent=False)
    return None


def _never_connected(exc: requests.ConnectionError) -> bool:
    # Refused, unresolvable, or a failed TLS handshake: the request bytes never left this host.
    if isinstance(exc, requests.exceptions.SSLError):
        return True
    cause: Any = exc.args[0] if exc.args else None
    if isinstance(cause, MaxRetryError):
        cause = cause.reason
    return isinstance(cause, (NewConnectionError, ConnectTimeoutError, Urllib3SSLError))
