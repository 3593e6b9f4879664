"""The BigCommerce side of an orders dry run: the run's orders (or those named), judged against the ledger the way
the extract judges them, handed to the ERP side's planner (``erplink.flows.dry_run_plan.ErpPlanner``) with their
payments and refunds, and the marker metafields the store would get. Reads only: nothing is written anywhere.

As in the extract, an order the ledger holds at the same ``date_modified`` is what the ledger holds, and costs no
request: its payments and refunds not yet in the ERP are read from the ledger too. Any other order is read with its
parts, its refunds (from the store-wide list, ``BATCH`` orders a request), its transactions (when the planner plans
payments: it has a ``payment`` method) and, when the ledger does not know it, its marker metafield.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import partial
from typing import Any

from erplink.flows.context import FlowContext
from erplink.flows.dry_run_orders import OrderPlanning, order_record, plan_all
from erplink.flows.dry_run_plan import ErpPlanner
from erplink.flows.dry_run_store import StoreMarker, hold_unusable_id, plan_noted
from erplink.ledger import LedgerRecord
from erplink.systems.bigcommerce.config import bigcommerce_store
from erplink.systems.bigcommerce.extract import (
    ORDER_CONTEXT,
    marker_of,
    modified_stamp,
    order_key,
    payment_key,
    refund_key,
    stored_order_payload,
    usable_id,
)
from erplink.systems.bigcommerce.mappings.dates import parse_rfc2822
from erplink.systems.bigcommerce.mappings.payments import may_be_payment
from erplink.systems.bigcommerce.mappings.statuses import MONEYLESS_STATUSES, status_code
from erplink.systems.bigcommerce.order_batches import OrderBatch, held_at_stamp, marker_metafield
from erplink.windows import Window

MARKER_PLACE = "store order metafield"


def plan_orders(
    fc: FlowContext, window: Window | None, planner: ErpPlanner, *, order_ids: Iterable[int] | None = None
) -> dict[str, Any]:
    """Read the window's orders (or those named) and return what a real run would send where."""
    if order_ids:
        orders: Iterable[dict[str, Any]] = fc.store.get_orders_by_ids(order_ids)
    else:
        orders = fc.store.iter_orders(window, readers=fc.tenant.page_readers)
    planning = _Planning(fc, planner)
    return plan_all(fc, planner, orders, planning.add, planning.batch)


def order_facts(raw: Mapping[str, Any]) -> dict[str, Any]:
    """What a person picks the order by (the plan's vocabulary: see ``plan_noted``); BigCommerce numbers an order
    by its id."""
    try:
        created: Any = parse_rfc2822(raw.get("date_created")).replace(tzinfo=None).isoformat()
    except ValueError:
        created = raw.get("date_created")
    facts = {"id": raw.get("id"), "number": raw.get("id"), "status": raw.get("status"), "date_created_gmt": created,
             "total": raw.get("total_inc_tax"), "currency": raw.get("currency_code")}  # fmt: skip
    billing = raw.get("billing_address")
    if isinstance(billing, Mapping):
        facts["customer"] = " ".join(str(billing.get(k) or "") for k in ("first_name", "last_name")).strip()
    return facts


class _Planning:
    """Orders on their way to the planner: those the ledger holds at their stamp at once, the others a batch at a
    time, once their refunds are read together."""

    def __init__(self, fc: FlowContext, planner: ErpPlanner) -> None:
        self.fc, self.planner = fc, planner
        section = bigcommerce_store(fc.tenant)
        marker = StoreMarker(f"{section.reference_namespace}/{section.reference_key}", MARKER_PLACE)
        reads_payments = hasattr(fc.store, "transactions_of")
        self.orders = OrderPlanning(fc, planner, marker, store_reads_payments=reads_payments)
        self.batch = OrderBatch(fc, self._plan_batch)

    def add(self, raw: Mapping[str, Any]) -> None:
        order_id = usable_id(raw)
        if order_id is None:
            plan_noted(self.planner, order_facts(raw), partial(hold_unusable_id, self.planner, raw.get("id")))
            return
        self.planner.plan.orders_read += 1
        if (row := held_at_stamp(self.fc, order_id, raw)) is not None:
            plan_noted(self.planner, order_facts(raw), partial(self.orders.plan_held, order_id, row))
        else:
            self.batch.add(order_id, raw)

    def _plan_batch(self, orders: dict[int, Mapping[str, Any]], refunds: dict[int, list[dict[str, Any]]]) -> None:
        for order_id, raw in orders.items():
            plan_noted(self.planner, order_facts(raw), partial(self._plan_read, order_id, raw, refunds.get(order_id)))

    def _plan_read(self, order_id: int, raw: Mapping[str, Any], refunds: list[dict[str, Any]] | None) -> str | None:
        """An order read from the store: stored as the extract would store it, then planned."""
        fc, key = self.fc, order_key(self.fc, order_id)
        row = fc.ledger.get(key)
        marker = marker_of(row.payload) if row is not None else marker_metafield(fc, order_id)
        parts = fc.store.order_parts(order_id)
        context = {"id": order_id, "currency": raw.get("currency_code")}
        refund_records = [r for refund in refunds or [] if (r := self._read_refund(order_id, refund, context))]
        payments = self._read_payments(order_id, raw, context)
        record = order_record(key, stored_order_payload(raw, parts, refunds or [], marker), row, modified_stamp(raw))
        return self.orders.plan_order(order_id, record, row, payments, refund_records)

    def _read_refund(self, order_id: int, refund: Mapping[str, Any], context: dict[str, Any]) -> LedgerRecord | None:
        refund_id = usable_id(refund)
        if refund_id is None:
            return None  # the extract cannot track it either (it logs it)
        key = refund_key(self.fc, order_id, refund_id)
        return self.orders.not_in_erp(key, {**refund, ORDER_CONTEXT: context})

    def _read_payments(self, order_id: int, raw: Mapping[str, Any], context: dict[str, Any]) -> list[LedgerRecord]:
        if self.orders.plan_payment is None or status_code(raw.get("status_id")) in MONEYLESS_STATUSES:
            return []  # no request: payments are not planned, or an abandoned checkout took no money
        records = []
        for transaction in self.fc.store.transactions_of(order_id):
            transaction_id = usable_id(transaction) if isinstance(transaction, Mapping) else None
            if not may_be_payment(transaction) or transaction_id is None:
                continue  # no payment, or one the extract cannot track (it logs it)
            key = payment_key(self.fc, order_id, transaction_id)
            if record := self.orders.not_in_erp(key, {**transaction, ORDER_CONTEXT: context}):
                records.append(record)
        return records
