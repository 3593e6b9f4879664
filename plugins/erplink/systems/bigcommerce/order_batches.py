"""How the BigCommerce side reads what it does not hold yet of the orders a walk meets: an order the ledger holds at
the same ``date_modified`` is what the ledger holds (no request); the others are gathered ``BATCH`` at a time and
handed over with their refunds, read for the whole batch from the store-wide refunds list; an order the ledger
does not know yet has its write-back marker metafield read, since the ERP may hold it although the ledger lost
track of it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from erplink.flows.context import FlowContext
from erplink.flows.store_records import order_key
from erplink.ledger import LedgerRecord
from erplink.systems.bigcommerce.config import bigcommerce_store
from erplink.systems.bigcommerce.mappings.dates import parse_rfc2822

BATCH = 50  # orders whose refunds are read in one request of the store-wide list
# A batch's orders by id, and their refunds by order id.
BatchHandler = Callable[[dict[int, Mapping[str, Any]], dict[int, list[dict[str, Any]]]], None]


def modified_stamp(order: Mapping[str, Any]) -> datetime | None:
    """The order's ``date_modified``; None when missing or unreadable, so the order is still stored and the mapping
    step quarantines it with a readable reason instead of the extract stopping."""
    try:
        return parse_rfc2822(order.get("date_modified"))
    except ValueError:
        return None


def held_at_stamp(fc: FlowContext, order_id: int, order: Mapping[str, Any]) -> LedgerRecord | None:
    """The ledger's row of the order when it holds it at the order's ``date_modified``; None when the order is new,
    changed, or without a readable stamp."""
    stamp = modified_stamp(order)
    if stamp is None:
        return None
    row = fc.ledger.get(order_key(fc, order_id))
    return row if row is not None and row.source_modified == stamp else None


def marker_metafield(fc: FlowContext, order_id: int) -> str | None:
    """The value of the order's write-back marker metafield, when it has one."""
    section = bigcommerce_store(fc.tenant)
    found = fc.store.order_metafields(order_id, namespace=section.reference_namespace, key=section.reference_key)
    values = [m.get("value") for m in found if isinstance(m, Mapping) and isinstance(m.get("value"), str)]
    return values[0] if values else None


class OrderBatch:
    """Orders gathered until ``BATCH`` are waiting, then handed to ``handle`` with their refunds."""

    def __init__(self, fc: FlowContext, handle: BatchHandler) -> None:
        self._fc, self._handle = fc, handle
        self._waiting: dict[int, Mapping[str, Any]] = {}

    def add(self, order_id: int, order: Mapping[str, Any]) -> None:
        self._waiting[order_id] = order
        if len(self._waiting) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if not self._waiting:
            return
        waiting, self._waiting = self._waiting, {}
        self._handle(waiting, self._fc.store.refunds_of(waiting))
