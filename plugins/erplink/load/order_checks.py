"""What every ERP side's order and refund targets judge the same way, from the store's documents and the ledger:
whether an order is a sale whose items the ERP has, whether a refund's order is in the ERP yet, and the version of an
already-posted order the ERP received, which a store change of the order is compared with.

The ERP side says only what differs: how it knows its items, and the words it names itself with.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from erplink.flows.context import FlowContext
from erplink.ledger import LedgerRecord
from erplink.load.errors import MappingError, NotLoadable
from erplink.models import Order
from erplink.sides import StoreDocuments

# How the reason of a refund parked until its order is in the ERP starts (``release_waiting_refunds`` looks for it).
WAITING_FOR_ORDER = "waits for its order"


def counts_as_sale(fc: FlowContext, documents: StoreDocuments, status: str) -> bool:
    """Whether an order in ``status`` is a sale for the tenant (or for the store, whatever the tenant says)."""
    return status in fc.tenant.orders.sale_statuses or status in documents.always_sold_statuses


def vet_sale(
    fc: FlowContext,
    documents: StoreDocuments,
    record: LedgerRecord,
    *,
    unknown_skus: Callable[[Order], Sequence[str]],
    unknown: str,
    fix: str,
) -> Order:
    """The order of ``record``, or the reason it cannot (yet) be posted; reads the ERP's items, writes nothing.

    An order that is no sale (failed, on hold, abandoned...) is skipped (``NotLoadable``), judged by its status before
    the mapping so nobody is asked to fix defects of an order that needs none. One naming SKUs the ERP cannot sell
    (``unknown_skus`` of the order) is held back whole with a ``MappingError`` reading
    ``"<unknown>: <SKUs> (whole order held back; <fix>, then replay the order)"``.
    """
    status = documents.order_status(record)
    if status is not None and not counts_as_sale(fc, documents, status):
        raise NotLoadable(
            f"status {status!r} is not a sale for this tenant ({', '.join(fc.tenant.orders.sale_statuses)})"
        )
    order = documents.order(record)
    missing = unknown_skus(order)
    if missing:
        raise MappingError(
            record.key, f"{unknown}: {', '.join(missing)} (whole order held back; {fix}, then replay the order)"
        )
    return order


def posted_order(fc: FlowContext, documents: StoreDocuments, record: LedgerRecord, *, erp: str) -> LedgerRecord:
    """The ledger row of the order a refund ``record`` belongs to, once that order is in the ERP named ``erp``.

    Until then the refund waits (``NotLoadable`` with a reason starting ``WAITING_FOR_ORDER``): parked, not failed,
    it is queued again once its order is in the ERP. Costs no ERP look-up.
    """
    order_id = documents.refund_order_id(record)
    parent = fc.ledger.get(documents.order_key(order_id))
    if parent is None or not parent.target_id:
        state = parent.status.value if parent else "not extracted yet"
        raise NotLoadable(f"{WAITING_FOR_ORDER} {order_id} to reach {erp} (the order is {state})")
    return parent


def received_order(documents: StoreDocuments, record: LedgerRecord) -> Order | None:
    """The order as the ERP last received it, from the copy the ledger keeps while the ERP holds it (None: no copy).

    Raises ``MappingError`` when that version can no longer be read (the mapping changed since); what follows is the
    ERP side's to decide.
    """
    received = record.payload_at_target
    if received is None:
        return None
    return documents.order(replace(record, payload=received))
