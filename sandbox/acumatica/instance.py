"""One Acumatica instance: its settings, credentials, records and the server-side state of its clients.

Every request works on the instance under its lock (FastAPI runs the handlers on a thread pool), so a test or
an admin route sees each write whole.
"""

from __future__ import annotations

import random
import secrets
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from sandbox.acumatica.entities import BEHAVIOURS
from sandbox.acumatica.long_operations import LongOperations
from sandbox.acumatica.rate_limit import RequestBudget
from sandbox.acumatica.records import EntityTable
from sandbox.acumatica.sessions import SessionTable
from sandbox.acumatica.stock import StockLedger
from sandbox.acumatica.tokens import TokenService
from sandbox.acumatica.traffic import RequestLog
from sandbox.acumatica.values import to_milliseconds

Clock = Callable[[], datetime]
T = TypeVar("T")


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Options:
    """Everything `create_sandbox` lets a caller change; the defaults are the least convenient plausible
    instance (README: "Options")."""

    site_path: str = "/AcumaticaERP"
    tenant: str = "Company"
    branch: str = "MAIN"
    timezone: str = "America/Chicago"
    token_lifetime_s: int = 3600
    api_users: int = 2
    session_idle_s: float = 1200.0
    requests_per_minute: int | None = None
    long_operation_polls: int = 2
    long_operation_s: float = 5.0
    stable_order: bool = False
    customer_id_length: int = 10

    def __post_init__(self) -> None:
        if self.site_path and (not self.site_path.startswith("/") or self.site_path.endswith("/")):
            raise ValueError("site_path is empty or starts with '/' and does not end with one")
        if self.api_users < 1 or self.token_lifetime_s < 1 or self.long_operation_polls < 0:
            raise ValueError("api_users and token_lifetime_s must be positive, long_operation_polls not negative")


@dataclass(frozen=True)
class Credentials:
    """The API user and the OAuth client registered for it (new random secrets for every sandbox)."""

    username: str
    password: str
    client_id: str
    client_secret: str

    @classmethod
    def generate(cls, tenant: str) -> Credentials:
        return cls(username="erplink", password=secrets.token_urlsafe(18),
                   client_id=f"{str(uuid.uuid4()).upper()}@{tenant}", client_secret=secrets.token_urlsafe(24))


class Instance:
    def __init__(self, options: Options, *, seed: int, clock: Clock = system_clock) -> None:
        self.options = options
        self.seed = seed
        self.clock = clock
        self.zone = ZoneInfo(options.timezone)
        self.credentials = Credentials.generate(options.tenant)
        self.lock = threading.RLock()
        self.log = RequestLog()
        self.sessions = SessionTable(api_users=options.api_users, idle_timeout_s=options.session_idle_s)
        self.tokens = TokenService(lifetime_s=options.token_lifetime_s)
        self.budget = RequestBudget(options.requests_per_minute)
        self.operations = LongOperations(polls=options.long_operation_polls, seconds=options.long_operation_s)
        self.clear_records()

    def clear_records(self) -> None:
        self.tables = {name: EntityTable(behaviour.keys) for name, behaviour in BEHAVIOURS.items()}
        self.stock = StockLedger()
        self.numbering: dict[str, int] = {}
        self._list_requests = 0

    def locked(self, work: Callable[..., T], *args: Any) -> T:
        """Run `work` with the instance to itself (route handlers run it on a worker thread)."""
        with self.lock:
            return work(*args)

    def now(self) -> datetime:
        return to_milliseconds(self.clock())

    def table(self, entity_name: str) -> EntityTable:
        return self.tables[entity_name]

    def next_number(self, prefix: str, *, start: int = 1) -> str:
        """The next document number of a numbering sequence (`INV000001`, ...)."""
        number = self.numbering.get(prefix, start - 1) + 1
        self.numbering[prefix] = number
        return f"{prefix}{number:06d}"

    def next_integer(self, name: str, *, start: int) -> int:
        value = self.numbering.get(name, start - 1) + 1
        self.numbering[name] = value
        return value

    def list_order(self) -> random.Random | None:
        """The generator that orders one list answer, or None when lists keep their stored order.

        Seeded by the world's seed and the count of list requests so far, so a failing run replays.
        """
        if self.options.stable_order:
            return None
        self._list_requests += 1
        return random.Random(f"{self.seed}:acumatica-list:{self._list_requests}")

    @property
    def base_path(self) -> str:
        return f"{self.options.site_path}/entity"
