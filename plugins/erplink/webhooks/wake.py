"""Waking the tenant's DAG: an Airflow asset event on ``inbox_asset(system, tenant)``, at most one per interval.

Two ways to emit the event:
* :class:`InProcessAssetWaker` - inside the Airflow API server, the function the ``POST /api/v2/assets/events``
  endpoint itself uses (``asset_manager.register_asset_change``), in one metadata-DB transaction;
* :class:`RestApiAssetWaker` - from a standalone receiver, Airflow's public REST API with a JWT from ``/auth/token``.

A wake that fails is logged with its cause and counted, never raised: the event is already in the durable inbox
and the scheduled poll drains it anyway. A receiver running alone never creates the metadata database it writes to.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import requests

from erplink.http.redact import mask_message
from erplink.webhooks.assets import inbox_asset_uri

log = logging.getLogger(__name__)

WAKE_EXTRA = {"source": "erplink.webhooks"}
API_CONN_ENV = "ERPLINK_AIRFLOW_API_CONN_ID"
ASSET_EVENT_TABLE = "asset_event"  # written by register_asset_change; present once `airflow db migrate` ran


class WakeError(Exception):
    """The asset event could not be emitted (message holds no credentials)."""


class Waker(Protocol):
    def wake(self, system: str, tenant: str) -> None:
        """Emit one asset event for the tenant's inbox asset; raise on failure."""
        ...


def metadata_db_problem() -> str | None:
    """Why Airflow's metadata database cannot take an asset event, or None; never creates it.

    SQLite creates a missing file on the first connection, so a receiver running alone that wrote straight away
    would leave an empty database nobody migrates and answer every wake with "no such table". The file must exist
    and hold Airflow's tables; other databases are only read.
    """
    from airflow import settings
    from sqlalchemy import inspect
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import SQLAlchemyError

    remedy = f"run `airflow db migrate` for it, or set {API_CONN_ENV} to wake the DAG through Airflow's REST API"
    if settings.SQL_ALCHEMY_CONN is None:
        return f"Airflow's database settings are not loaded in this process: {remedy}"
    url = make_url(settings.SQL_ALCHEMY_CONN)
    where = url.render_as_string(hide_password=True)
    if url.get_backend_name() == "sqlite":
        database = url.database or ""
        if database in ("", ":memory:") or not Path(database).is_file():
            return f"the Airflow metadata database {where} does not exist (it is not created here): {remedy}"
    if settings.engine is None:
        return f"Airflow's database settings are not loaded in this process: {remedy}"
    try:
        with settings.engine.connect() as conn:
            migrated = inspect(conn).has_table(ASSET_EVENT_TABLE)
    except SQLAlchemyError as exc:
        return f"the Airflow metadata database {where} cannot be reached: {_cause(exc)}"
    if not migrated:
        return f"the Airflow metadata database {where} is not migrated (no {ASSET_EVENT_TABLE} table): {remedy}"
    return None


class InProcessAssetWaker:
    """Registers the asset change directly in the metadata DB, as the REST endpoint does.

    Inside the API server the database is Airflow's own; a receiver running alone checks first that it exists and
    is migrated (at each wake until the check passes once) and otherwise fails the wake with the reason, creating
    nothing.
    """

    def __init__(self) -> None:
        self._database_ready = False

    def wake(self, system: str, tenant: str) -> None:
        from airflow.assets.manager import asset_manager
        from airflow.models.asset import AssetModel
        from airflow.utils.session import create_session
        from sqlalchemy import select

        if not self._database_ready:
            if problem := metadata_db_problem():
                raise WakeError(problem)
            self._database_ready = True
        uri = inbox_asset_uri(system, tenant)
        with create_session() as session:
            asset = session.scalar(select(AssetModel).where(AssetModel.uri == uri))
            if asset is None:
                raise WakeError(f"asset {uri} is not registered (no DAG is scheduled on it)")
            event = asset_manager.register_asset_change(
                asset=asset, extra=dict(WAKE_EXTRA), source_is_api=True, session=session
            )
            if event is None:
                raise WakeError(f"Airflow did not record an event for asset {uri}")


class RestApiAssetWaker:
    """Emits the event through Airflow's public REST API (``POST /api/v2/assets/events``)."""

    def __init__(
        self,
        base_url: str,
        *,
        username: str | None = None,
        password: str | None = None,
        token: str | None = None,
        session: requests.Session | None = None,
        timeout: tuple[float, float] = (3.0, 10.0),
    ) -> None:
        self._base_url = base_url.rstrip("/")
        self._username = username
        self._password = password
        self._token = token
        self._session = session or requests.Session()
        self._timeout = timeout
        self._asset_ids: dict[str, int] = {}
        self._lock = threading.Lock()

    @classmethod
    def from_connection(cls, conn_id: str) -> RestApiAssetWaker:
        """host = API server base URL; login/password for ``/auth/token``, or extra ``token`` with a ready JWT."""
        from airflow.sdk import BaseHook

        conn = BaseHook.get_connection(conn_id)
        host = conn.host or ""
        base_url = host if "://" in host else f"{conn.schema or 'http'}://{conn.host}"
        if conn.port:
            base_url = f"{base_url}:{conn.port}"
        return cls(base_url, username=conn.login, password=conn.password, token=conn.extra_dejson.get("token"))

    def _fresh_token(self) -> str:
        if not self._username or self._password is None:
            raise WakeError("Airflow API token rejected and no login to obtain a new one")
        response = self._session.post(
            f"{self._base_url}/auth/token",
            json={"username": self._username, "password": self._password},
            timeout=self._timeout,
        )
        if response.status_code not in (200, 201):
            raise WakeError(f"Airflow /auth/token answered {response.status_code}")
        return str(response.json()["access_token"])

    def _call(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        with self._lock:
            if self._token is None:
                self._token = self._fresh_token()
            token = self._token
        response = self._session.request(
            method,
            f"{self._base_url}{path}",
            headers={"Authorization": f"Bearer {token}"},
            timeout=self._timeout,
            **kwargs,
        )
        # Airflow answers an expired or invalid JWT with 401 or 403 (3.3 says 403): log in again, once.
        if response.status_code in (401, 403) and self._username:
            with self._lock:
                self._token = self._fresh_token()
                token = self._token
            response = self._session.request(
                method,
                f"{self._base_url}{path}",
                headers={"Authorization": f"Bearer {token}"},
                timeout=self._timeout,
                **kwargs,
            )
        return response

    def _asset_id(self, uri: str) -> int:
        if uri in self._asset_ids:
            return self._asset_ids[uri]
        response = self._call("GET", "/api/v2/assets", params={"uri_pattern": uri, "limit": 100})
        if response.status_code != 200:
            raise WakeError(f"Airflow GET /api/v2/assets answered {response.status_code}")
        for asset in response.json().get("assets", []):
            if asset.get("uri") == uri:
                self._asset_ids[uri] = int(asset["id"])
                return self._asset_ids[uri]
        raise WakeError(f"asset {uri} is not registered (no DAG is scheduled on it)")

    def wake(self, system: str, tenant: str) -> None:
        uri = inbox_asset_uri(system, tenant)
        response = self._call(
            "POST", "/api/v2/assets/events", json={"asset_id": self._asset_id(uri), "extra": WAKE_EXTRA}
        )
        if response.status_code == 404:
            self._asset_ids.pop(uri, None)  # the asset was re-created under a new id: look it up next time
        if response.status_code not in (200, 201):
            raise WakeError(f"Airflow POST /api/v2/assets/events answered {response.status_code}")


def _cause(exc: BaseException) -> str:
    """What went wrong, fit for a log line: a WakeError's own text; otherwise the type and the first line of the
    message (a database error's SQL follows it), masked, since a driver may quote a connection string."""
    if isinstance(exc, WakeError):
        return str(exc)
    origin = getattr(exc, "orig", None) or exc  # SQLAlchemy wraps the driver's error: its text is the cause
    first_line = next(iter(str(origin).strip().splitlines()), "")[:300]
    return mask_message(f"{type(exc).__name__}: {first_line}" if first_line else type(exc).__name__)


def _background() -> Callable[[Callable[[], None]], None]:
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="erplink-wake")

    def dispatch(job: Callable[[], None]) -> None:
        executor.submit(job)

    return dispatch


def _timer(delay: float, job: Callable[[], None]) -> None:
    timer = threading.Timer(delay, job)
    timer.daemon = True
    timer.start()


@dataclass
class _TenantWakes:
    last_wake: float | None = None
    trailing_scheduled: bool = False
    requested: int = 0
    issued: int = 0
    failed: int = 0
    last_error: str | None = None


@dataclass
class WakeCoalescer:
    """At most one wake per tenant per ``interval``; requests inside the quiet period share one trailing wake.

    The first request wakes at once. Later requests within ``interval`` of the last wake schedule a single wake
    at the end of the quiet period, so the last event of a burst is never left for the hourly poll.
    """

    waker: Waker
    interval: float = 10.0
    clock: Callable[[], float] = time.monotonic
    dispatch: Callable[[Callable[[], None]], None] = field(default_factory=_background)
    schedule: Callable[[float, Callable[[], None]], None] = _timer
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    _tenants: dict[tuple[str, str], _TenantWakes] = field(default_factory=dict, init=False, repr=False)

    def request(self, system: str, tenant: str) -> str:
        """Ask for a wake; returns "now", "deferred" (a trailing wake was scheduled) or "coalesced"."""
        key = (system, tenant)
        with self._lock:
            state = self._tenants.setdefault(key, _TenantWakes())
            state.requested += 1
            now = self.clock()
            if state.last_wake is None or now - state.last_wake >= self.interval:
                state.last_wake = now
                decision = "now"
            elif not state.trailing_scheduled:
                state.trailing_scheduled = True
                delay = state.last_wake + self.interval - now
                decision = "deferred"
            else:
                return "coalesced"
        if decision == "now":
            self.dispatch(lambda: self._wake(key))
        else:
            self.schedule(delay, lambda: self._trailing(key))
        return decision

    def _trailing(self, key: tuple[str, str]) -> None:
        with self._lock:
            state = self._tenants[key]
            state.trailing_scheduled = False
            state.last_wake = self.clock()
        self.dispatch(lambda: self._wake(key))

    def _wake(self, key: tuple[str, str]) -> None:
        system, tenant = key
        try:
            self.waker.wake(system, tenant)
        except Exception as exc:
            reason = _cause(exc)
            log.warning(
                "webhook wake failed for %s/%s: %s (the inbox keeps the events; the scheduled poll drains them)",
                system,
                tenant,
                reason,
            )
            with self._lock:
                self._tenants[key].failed += 1
                self._tenants[key].last_error = reason
            return
        with self._lock:
            self._tenants[key].issued += 1

    def stats(self) -> dict[str, dict[str, Any]]:
        with self._lock:
            return {
                f"{system}/{tenant}": {
                    "requested": s.requested,
                    "issued": s.issued,
                    "failed": s.failed,
                    "last_error": s.last_error,
                }
                for (system, tenant), s in self._tenants.items()
            }


class _ConnectionRestWaker:
    """Builds the REST waker from its connection on first use (the app is built before connections are read)."""

    def __init__(self, conn_id: str) -> None:
        self._conn_id = conn_id
        self._waker: RestApiAssetWaker | None = None

    def wake(self, system: str, tenant: str) -> None:
        if self._waker is None:
            self._waker = RestApiAssetWaker.from_connection(self._conn_id)
        self._waker.wake(system, tenant)


def default_waker() -> Waker:
    """The REST API when ``ERPLINK_AIRFLOW_API_CONN_ID`` names a connection to the API server, else in-process."""
    conn_id = os.environ.get(API_CONN_ENV)
    return _ConnectionRestWaker(conn_id) if conn_id else InProcessAssetWaker()
