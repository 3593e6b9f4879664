"""Where verified deliveries are committed before the store gets its 2xx (and signed ones that could not be read are
kept as rejected): the ledger's webhook inbox."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol, Unpack

if TYPE_CHECKING:
    from erplink.ledger.models import InboxDelivery


class Inbox(Protocol):
    def inbox_put(self, *, received_at: datetime | None = None, **delivery: Unpack[InboxDelivery]) -> bool:
        """Commit one event; False when (system, tenant, resource, resource_id, modified) is already stored."""
        ...

    def inbox_reject(
        self, *, system: str, tenant: str, body: bytes, reason: str, received_at: datetime | None = None
    ) -> bool:
        """Keep a delivery whose signature verified but whose body could not be read, with the reason."""
        ...


def _ledger_from_env() -> Any:
    from erplink.ledger import Ledger

    return Ledger.from_env()


class LazyLedgerInbox:
    """Opens the ledger on the first delivery, not when the app is built (the API server imports plugins early)."""

    def __init__(self, open_ledger: Callable[[], Any] = _ledger_from_env) -> None:
        self._open_ledger = open_ledger
        self._ledger: Any = None
        self._lock = threading.Lock()

    def _get(self) -> Any:
        with self._lock:
            if self._ledger is None:
                ledger = self._open_ledger()
                ledger.migrate()  # idempotent; a fresh deployment must not answer its first deliveries with 500
                self._ledger = ledger
            return self._ledger

    def inbox_put(self, **event: Any) -> bool:
        return bool(self._get().inbox_put(**event))

    def inbox_reject(self, **delivery: Any) -> bool:
        return bool(self._get().inbox_reject(**delivery))
