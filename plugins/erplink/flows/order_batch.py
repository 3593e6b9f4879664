"""Orders a store side's walk meets, on their way to being stored or planned: one the ledger holds at the store's
modification stamp is what the ledger holds (``held_at_stamp``: nothing more to read), the others are gathered
``BATCH`` at a time (``OrderBatch``), so that the store side reads their refunds and payments a batch a request.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from erplink.flows.context import FlowContext
from erplink.flows.store_records import order_key
from erplink.ledger import LedgerRecord

BATCH = 50  # orders whose refunds and payments are read together
# The batch's orders by id.
BatchHandler = Callable[[dict[int, Mapping[str, Any]]], None]


def held_at_stamp(fc: FlowContext, order_id: int, stamp: datetime | None) -> LedgerRecord | None:
    """The ledger's row of the order when it holds it at the store's ``stamp``; None when the order is new,
    changed, or without a readable stamp."""
    if stamp is None:
        return None
    row = fc.ledger.get(order_key(fc, order_id))
    return row if row is not None and row.source_modified == stamp else None


class OrderBatch:
    """Orders gathered until ``BATCH`` are waiting, then handed to ``handle``; ``flush`` hands on the rest."""

    def __init__(self, handle: BatchHandler) -> None:
        self._handle = handle
        self._waiting: dict[int, Mapping[str, Any]] = {}

    def add(self, order_id: int, order: Mapping[str, Any]) -> None:
        self._waiting[order_id] = order
        if len(self._waiting) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if not self._waiting:
            return
        waiting, self._waiting = self._waiting, {}
        self._handle(waiting)
