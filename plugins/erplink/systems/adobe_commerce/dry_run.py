"""The Adobe Commerce side of an orders dry run: the run's orders (or those named), judged against the ledger the
way the extract judges them, handed to the ERP side's planner (``erplink.flows.dry_run_plan.ErpPlanner``) with
their paid invoices (``planner.payment``, when the planner has it) and credit memos (``planner.refund``), and the
order comments the store would get. Reads only: nothing is written anywhere.

The orders are read as the extract reads them (``store_reads``: the covering id walk, or the ids named). An order
the ledger holds at the same ``updated_at`` is what the ledger holds and costs no further request: its invoices
and credit memos not yet in the ERP are read from the ledger too. The others are gathered ``BATCH`` at a time and
their credit memos (and, when payments are planned, invoices) read for the whole batch. The marker an order the
ledger does not know already carries is in its status history, which the orders list brings along.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import partial
from typing import Any

from erplink.flows.context import FlowContext
from erplink.flows.dry_run_orders import OrderPlanning, order_record, plan_all
from erplink.flows.dry_run_plan import ErpPlanner
from erplink.flows.dry_run_store import StoreMarker, hold_unusable_id, plan_noted
from erplink.flows.order_batch import OrderBatch, held_at_stamp
from erplink.ledger import LedgerRecord
from erplink.systems.adobe_commerce.config import adobe_commerce_store
from erplink.systems.adobe_commerce.extract import (
    ORDER_CONTEXT,
    marker_in_comments,
    marker_of,
    modified_stamp,
    order_key,
    payment_key,
    refund_key,
    stored_order_payload,
    usable_id,
)
from erplink.systems.adobe_commerce.store_reads import credit_memos_of, invoices_of, orders_by_ids, orders_in_window
from erplink.windows import Window

MARKER_PLACE = "store order comment"


def plan_orders(
    fc: FlowContext, window: Window | None, planner: ErpPlanner, *, order_ids: Iterable[int] | None = None
) -> dict[str, Any]:
    """Read the window's orders (or those named) and return what a real run would send where."""
    page_size = adobe_commerce_store(fc.tenant).page_size
    if order_ids:
        orders = orders_by_ids(fc.store, order_ids, page_size=page_size)
    else:
        orders = orders_in_window(fc.store, window, page_size=page_size)
    planning = _Planning(fc, planner)
    return plan_all(fc, planner, orders, planning.add, planning.batch)


def order_facts(raw: Mapping[str, Any]) -> dict[str, Any]:
    """What a person picks the order by (the plan's vocabulary: see ``plan_noted``): shoppers and staff know an
    order by its ``increment_id``; Magento stamps in UTC."""
    created = raw.get("created_at")
    facts = {"id": raw.get("entity_id"), "number": raw.get("increment_id"), "status": raw.get("status"),
             "date_created_gmt": created.replace(" ", "T") if isinstance(created, str) else created,
             "total": raw.get("grand_total"), "currency": raw.get("order_currency_code")}  # fmt: skip
    names = [raw.get("customer_firstname"), raw.get("customer_lastname")]
    billing = raw.get("billing_address")
    if not any(names) and isinstance(billing, Mapping):  # a guest's name is on the billing address only
        names = [billing.get("firstname"), billing.get("lastname")]
    facts["customer"] = " ".join(str(name) for name in names if name).strip()
    return facts


class _Planning:
    """Orders on their way to the planner: those the ledger holds at their stamp at once, the others ``BATCH`` at a
    time, once their credit memos and invoices are read together."""

    def __init__(self, fc: FlowContext, planner: ErpPlanner) -> None:
        self.fc, self.planner = fc, planner
        self.section = adobe_commerce_store(fc.tenant)
        marker = StoreMarker(self.section.reference_comment_prefix, MARKER_PLACE)
        self.orders = OrderPlanning(fc, planner, marker, store_reads_payments=True)
        self.batch = OrderBatch(self._plan_batch)

    def add(self, raw: Mapping[str, Any]) -> None:
        order_id = usable_id(raw)
        if order_id is None:
            plan_noted(self.planner, order_facts(raw), partial(hold_unusable_id, self.planner, raw.get("entity_id")))
            return
        self.planner.plan.orders_read += 1
        if (row := held_at_stamp(self.fc, order_id, modified_stamp(raw))) is not None:
            plan_noted(self.planner, order_facts(raw), partial(self.orders.plan_held, order_id, row))
        else:
            self.batch.add(order_id, raw)

    def _plan_batch(self, waiting: dict[int, Mapping[str, Any]]) -> None:
        store, size = self.fc.store, self.section.page_size
        memos = credit_memos_of(store, waiting, page_size=size)
        # No request for invoices when the ERP side plans no payments.
        invoices = invoices_of(store, waiting, page_size=size) if self.orders.plan_payment is not None else {}
        for order_id, raw in waiting.items():
            plan = partial(self._plan_read, order_id, raw, memos.get(order_id, []), invoices.get(order_id, []))
            plan_noted(self.planner, order_facts(raw), plan)

    def _plan_read(
        self, order_id: int, raw: Mapping[str, Any], memos: list[dict[str, Any]], invoices: list[dict[str, Any]]
    ) -> str | None:
        """An order read from the store: stored as the extract would store it, then planned."""
        fc, key = self.fc, order_key(self.fc, order_id)
        row = fc.ledger.get(key)
        if row is not None:
            marker = marker_of(row.payload)
        else:
            marker = marker_in_comments(raw.get("status_histories"), self.section.reference_comment_prefix)
        context = {"id": order_id, "currency": raw.get("order_currency_code")}
        payment = raw.get("payment")
        method = payment.get("method") if isinstance(payment, Mapping) else None
        refunds = self._not_in_erp(order_id, memos, context, is_refund=True)
        payments = self._not_in_erp(order_id, invoices, {**context, "method": method}, is_refund=False)
        record = order_record(key, stored_order_payload(raw, memos, marker), row, modified_stamp(raw))
        return self.orders.plan_order(order_id, record, row, payments, refunds)

    def _not_in_erp(
        self, order_id: int, rows: list[dict[str, Any]], context: dict[str, Any], *, is_refund: bool
    ) -> list[LedgerRecord]:
        """The planning records of the order's credit memos (``is_refund``) or invoices, stored as the extract
        stores them, that a real run would load."""
        records = []
        for row in rows:
            row_id = usable_id(row)
            if row_id is None:
                continue  # the extract cannot track it either (it logs it)
            key = (refund_key if is_refund else payment_key)(self.fc, order_id, row_id)
            if record := self.orders.not_in_erp(key, {**row, ORDER_CONTEXT: dict(context)}):
                records.append(record)
        return records
