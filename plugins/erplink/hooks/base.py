"""What the six system hooks share: connection loading, typed extras, the cached client, test_connection."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from functools import cached_property
from typing import Any, ClassVar, Generic, TypeVar

import requests
from airflow.sdk import BaseHook

from erplink.hooks.settings import ExtraSettings, read_extras
from erplink.http.client import ErrorClass, RestClient, pooled_session
from erplink.http.metrics import CallCounter
from erplink.http.redact import mask_message
from erplink.http.retry import RetryPolicy
from erplink.paging import Paginator

SettingsT = TypeVar("SettingsT", bound=ExtraSettings)


class ErplinkHook(BaseHook, Generic[SettingsT]):
    """Base of the system hooks: one Airflow connection → one configured :class:`RestClient`.

    Subclasses set the Airflow class attributes, ``system``, ``settings_model``, and implement
    ``_build_client`` and ``_check_connection``.
    """

    conn_name_attr: ClassVar[str]
    default_conn_name: ClassVar[str]
    conn_type: ClassVar[str]
    hook_name: ClassVar[str]
    system: ClassVar[str]
    settings_model: ClassVar[type[ExtraSettings]]

    def __init__(
        self,
        *,
        conn_id: str,
        session: requests.Session | None = None,
        retry: RetryPolicy | None = None,
        counter: CallCounter | None = None,
    ) -> None:
        super().__init__()
        self.conn_id = conn_id
        self._session = session
        self._retry = retry
        # One counter for the data client and every token or login client: a login is a call like any other.
        self._counter = counter or CallCounter()

    @cached_property
    def connection(self) -> Any:
        return self.get_connection(self.conn_id)

    @cached_property
    def settings(self) -> SettingsT:
        conn = self.connection
        return read_extras(self.conn_id, self.conn_type, conn.extra_dejson, self.settings_model)  # type: ignore[return-value]

    @cached_property
    def session(self) -> requests.Session:
        """The pooled session shared by the client and by any auth that fetches tokens."""
        session = self._session or pooled_session()
        session.verify = self.settings.verify
        return session

    @property
    def counter(self) -> CallCounter:
        """Every request this hook's clients sent, token and login requests included."""
        return self._counter

    @property
    def token_request_options(self) -> dict[str, Any]:
        """What token-fetching auths need to share this hook's session, retries and call counts.

        Token calls are counted under the hook's system, beside the data calls they make possible.
        """
        return {"session": self.session, "retry": self._retry, "counter": self._counter, "system": self.system}

    @cached_property
    def client(self) -> RestClient:
        return self._build_client()

    def get_conn(self) -> RestClient:
        return self.client

    @property
    def secrets(self) -> list[str]:
        """Every secret this connection holds, for masking; subclasses add their extras' secrets."""
        return [s for s in (self.connection.password,) if s]

    def _rest_client(
        self,
        *,
        base_url: str,
        auth: requests.auth.AuthBase | None,
        error_parser: Callable[[requests.Response], tuple[str | None, str | None]] | None,
        headers: Mapping[str, str] | None = None,
        retry: RetryPolicy | None = None,
        error_class: ErrorClass | None = None,
    ) -> RestClient:
        """A client on this hook's session, counter, timeouts and secrets; ``retry`` overrides the hook's policy."""
        settings = self.settings
        return RestClient(
            system=self.system,
            base_url=base_url,
            auth=auth,
            timeout=settings.timeouts,
            retry=retry or self._retry,
            error_parser=error_parser,
            counter=self._counter,
            session=self.session,
            verify=settings.verify,
            secrets=self.secrets,
            headers=headers,
            error_class=error_class,
        )

    def _build_client(self) -> RestClient:
        raise NotImplementedError

    def _check_connection(self) -> str:
        """Prove the connection works end to end; return a short success message or raise."""
        raise NotImplementedError

    def test_connection(self) -> tuple[bool, str]:
        """Called by the Airflow UI/API: never raises and never puts a secret into the message."""
        try:
            return True, self._check_connection()
        except Exception as exc:  # the UI needs an answer, whatever went wrong
            try:
                secrets = self.secrets
            except Exception:  # the connection itself could not be read
                secrets = []
            return False, mask_message(f"{type(exc).__name__}: {exc}", secrets)

    def _records(
        self, paginator: Paginator, path: str, params: Mapping[str, Any] | None = None, *, endpoint: str | None = None
    ) -> Iterator[dict[str, Any]]:
        """Stream the records of a list endpoint, one request per page."""
        base = dict(params or {})

        def fetch(page_params: Mapping[str, Any]) -> requests.Response:
            return self.client.request("GET", path, params={**base, **page_params}, endpoint=endpoint)

        for page in paginator.pages(fetch):
            yield from page
