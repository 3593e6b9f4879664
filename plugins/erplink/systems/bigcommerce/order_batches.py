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
from erplink.flows.order_batch import BATCH as BATCH
from erplink.flows.order_batch import OrderBatch as GatheredOrders
from erplink.flows.order_batch import held_at_stamp as held_at_ledger_stamp
from erplink.ledger import LedgerRecord
from erplink.systems.bigcommerce.config import bigcommerce_store
from erplink.systems.bigcommerce.mappings.dates import parse_rfc2822

# A batch's orders by id, and their refunds by order id (read in one request of the store-wide refunds list).
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
    return held_at_ledger_stamp(fc, order_id, modified_stamp(order))


def marker_metafield(fc: FlowContext, order_id: int) -> str | None:
    """The value of the order's write-back marker metafield, when it has one."""
    section = bigcommerce_store(fc.tenant)
    found = fc.store.order_metafields(order_id, namespace=section.reference_namespace, key=section.reference_key)
    values = [m.get("value") for m in found if isinstance(m, Mapping) and isinstance(m.get("value"), str)]
    return values[0] if values else None


class OrderBatch(GatheredOrders):
    """Orders gathered until ``BATCH`` are waiting, then handed to ``handle`` with their refunds."""

    def __init__(self, fc: FlowContext, handle: BatchHandler) -> None:
        super().__init__(lambda waiting: handle(waiting, fc.store.refunds_of(waiting)))
