"""The BigCommerce side of an orders dry run: the run's orders (or those named), judged against the ledger the way
the extract judges them, handed to the ERP side's planner (``erplink.flows.dry_run_plan.ErpPlanner``) with their
payments and refunds, and the marker metafields the store would get. Reads only: nothing is written anywhere.

As in the extract, an order the ledger holds at the same ``date_modified`` is what the ledger holds, and costs no
request: its payments and refunds not yet in the ERP are read from the ledger too. Any other order is read with its
parts, its refunds (from the store-wide list, ``BATCH`` orders a request), its transactions (when the planner plans
payments: it has a ``payment`` method) and, when the ledger does not know it, its marker metafield.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from functools import partial
from typing import Any

from erplink.flows.context import FlowContext
from erplink.flows.dry_run_plan import ErpPlanner, has_work, log_plan, planning_record
from erplink.flows.dry_run_store import StoreMarker, hold_unusable_id, plan_noted, plan_order_document
from erplink.ledger import LedgerRecord, Status
from erplink.ledger.payloads import prepare_payload
from erplink.systems.bigcommerce.config import bigcommerce_store
from erplink.systems.bigcommerce.extract import (
    ORDER_CONTEXT,
    PAYMENT,
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
# The payments and refunds a real run would still take to the ERP: queued, failed, interrupted, or waiting for
# their order (released once it is there). A quarantined one waits for a person.
_AWAITING_ERP = (Status.PENDING, Status.FAILED, Status.IN_FLIGHT, Status.SKIPPED)
# ``payment(record, number)``: a payment's planning record and its order's ERP document (None: not in the ERP).
PaymentPlanner = Callable[[LedgerRecord, str | None], Any]


def plan_orders(
    fc: FlowContext, window: Window | None, planner: ErpPlanner, *, order_ids: Iterable[int] | None = None
) -> dict[str, Any]:
    """Read the window's orders (or those named) and return what a real run would send where."""
    if order_ids:
        orders: Iterable[dict[str, Any]] = fc.store.get_orders_by_ids(order_ids)
    else:
        orders = fc.store.iter_orders(window, readers=fc.tenant.page_readers)
    planning = _Planning(fc, planner)
    for raw in orders:
        planning.add(raw)
    planning.batch.flush()
    result = planner.plan.to_dict()
    log_plan(fc, result)
    return result


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
        self.marker = StoreMarker(f"{section.reference_namespace}/{section.reference_key}", MARKER_PLACE)
        payment = getattr(planner, "payment", None)
        # Payments are planned when the ERP side plans them and the store side reads them.
        self.plan_payment: PaymentPlanner | None = payment if hasattr(fc.store, "transactions_of") else None
        self.batch = OrderBatch(fc, self._plan_batch)
        self._queued_payments: dict[int, list[LedgerRecord]] | None = None

    def add(self, raw: Mapping[str, Any]) -> None:
        order_id = usable_id(raw)
        if order_id is None:
            plan_noted(self.planner, order_facts(raw), partial(hold_unusable_id, self.planner, raw.get("id")))
            return
        self.planner.plan.orders_read += 1
        if (row := held_at_stamp(self.fc, order_id, raw)) is not None:
            plan_noted(self.planner, order_facts(raw), partial(self._plan_held, order_id, row))
        else:
            self.batch.add(order_id, raw)

    def _plan_batch(self, orders: dict[int, Mapping[str, Any]], refunds: dict[int, list[dict[str, Any]]]) -> None:
        for order_id, raw in orders.items():
            plan_noted(self.planner, order_facts(raw), partial(self._plan_read, order_id, raw, refunds.get(order_id)))

    def _plan_held(self, order_id: int, row: LedgerRecord) -> str | None:
        """An order the ledger holds at the store's stamp: planned from the ledger, without a request."""
        payments, refunds = self._queued_payments_of(order_id), self._queued_refunds_of(order_id, row.payload)
        record = planning_record(row.key, row.payload, row.payload_hash, row)
        return self._plan_order(order_id, record, row, payments, refunds)

    def _plan_read(self, order_id: int, raw: Mapping[str, Any], refunds: list[dict[str, Any]] | None) -> str | None:
        """An order read from the store: stored as the extract would store it, then planned."""
        fc, key = self.fc, order_key(self.fc, order_id)
        row = fc.ledger.get(key)
        marker = marker_of(row.payload) if row is not None else marker_metafield(fc, order_id)
        parts = fc.store.order_parts(order_id)
        stored, digest = prepare_payload(stored_order_payload(raw, parts, refunds or [], marker))
        context = {"id": order_id, "currency": raw.get("currency_code")}
        refund_records = [r for refund in refunds or [] if (r := self._read_refund(order_id, refund, context))]
        payments = self._read_payments(order_id, raw, context)
        # The stamp goes beside the payload, as the extract leaves it, for the mapping to read.
        record = dataclasses.replace(planning_record(key, stored, digest, row), source_modified=modified_stamp(raw))
        return self._plan_order(order_id, record, row, payments, refund_records)

    def _plan_order(
        self,
        order_id: int,
        record: LedgerRecord,
        row: LedgerRecord | None,
        payments: list[LedgerRecord],
        refunds: list[LedgerRecord],
    ) -> str | None:
        """Plan the order whose ledger row is ``row`` and would become ``record``, then its payments and refunds;
        returns why it is no sale, when it is not one."""
        if row is not None and not has_work(row, record.payload_hash):
            self.planner.plan.unchanged += 1
            self._plan_money(row.payload, row.target_id, payments, refunds)
            return None
        verdict = plan_order_document(self.fc, self.planner, record, order_id, self.marker)
        if verdict.planned:
            self._plan_money(record.payload, verdict.number, payments, refunds)
        return verdict.skipped

    def _plan_money(
        self,
        order_payload: dict[str, Any],
        number: str | None,
        payments: list[LedgerRecord],
        refunds: list[LedgerRecord],
    ) -> None:
        """The order's payments, then its refunds, in the order a real run loads them."""
        if self.plan_payment is not None:
            for payment in payments:
                self.plan_payment(payment, number)
        for refund in refunds:
            self.planner.refund(refund, order_payload, number)

    def _read_refund(self, order_id: int, refund: Mapping[str, Any], context: dict[str, Any]) -> LedgerRecord | None:
        refund_id = usable_id(refund)
        if refund_id is None:
            return None  # the extract cannot track it either (it logs it)
        key = refund_key(self.fc, order_id, refund_id)
        return self._not_in_erp(key, {**refund, ORDER_CONTEXT: context})

    def _read_payments(self, order_id: int, raw: Mapping[str, Any], context: dict[str, Any]) -> list[LedgerRecord]:
        if self.plan_payment is None or status_code(raw.get("status_id")) in MONEYLESS_STATUSES:
            return []  # no request: payments are not planned, or an abandoned checkout took no money
        records = []
        for transaction in self.fc.store.transactions_of(order_id):
            transaction_id = usable_id(transaction) if isinstance(transaction, Mapping) else None
            if not may_be_payment(transaction) or transaction_id is None:
                continue  # no payment, or one the extract cannot track (it logs it)
            key = payment_key(self.fc, order_id, transaction_id)
            if record := self._not_in_erp(key, {**transaction, ORDER_CONTEXT: context}):
                records.append(record)
        return records

    def _not_in_erp(self, key: Any, payload: dict[str, Any]) -> LedgerRecord | None:
        """The planning record of a payment or refund a real run would load (see ``_would_load``), else None."""
        row = self.fc.ledger.get(key)
        stored, digest = prepare_payload(payload)
        if row is not None and not _would_load(row, digest):
            return None
        return planning_record(key, stored, digest, row)

    def _queued_refunds_of(self, order_id: int, order_payload: Mapping[str, Any]) -> list[LedgerRecord]:
        """The ledger's refunds of a held order (named by its refund summaries) that a real run would still load."""
        found = []
        for summary in order_payload.get("refunds") or []:
            refund_id = usable_id(summary) if isinstance(summary, Mapping) else None
            row = self.fc.ledger.get(refund_key(self.fc, order_id, refund_id)) if refund_id else None
            if row is not None and _would_load(row, row.payload_hash):
                found.append(row)
        return found

    def _queued_payments_of(self, order_id: int) -> list[LedgerRecord]:
        """The ledger's payments of a held order that a real run would still load (read once per dry run)."""
        if self.plan_payment is None:
            return []
        if self._queued_payments is None:
            self._queued_payments = defaultdict(list)
            fc = self.fc
            for row in fc.ledger.records(
                tenant=fc.tenant.name, integration=fc.integration, entity=PAYMENT, statuses=_AWAITING_ERP
            ):
                if _would_load(row, row.payload_hash):
                    self._queued_payments[int(row.key.source_id.split("-")[0])].append(row)
        return self._queued_payments.get(order_id, [])


def _would_load(row: LedgerRecord, digest: str) -> bool:
    """Whether a real run would take a payment or refund the ledger holds (as ``digest`` now) to the ERP: not there
    yet, and changed in the store or still on its way."""
    return not row.target_id and (row.payload_hash != digest or Status(row.status) in _AWAITING_ERP)
