"""What every store side's orders dry run shares once it has judged an order against the ledger: the order handed to
the ERP side's planner (or counted unchanged), then its payments and its refunds, in the order a real run loads
them, and only those a real run would still take to the ERP. An order read from the store brings them from the
store (``not_in_erp`` judges each); an order the ledger holds at the store's stamp is planned from the ledger alone
(``plan_held``). How a store reads its orders, payments and refunds is its own.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any

from erplink.flows.context import FlowContext
from erplink.flows.dry_run_plan import ErpPlanner, has_work, log_plan, planning_record
from erplink.flows.dry_run_store import StoreMarker, plan_order_document
from erplink.flows.order_batch import OrderBatch
from erplink.flows.store_records import PAYMENT, refund_key
from erplink.ledger import LedgerRecord, RecordKey, Status
from erplink.ledger.payloads import prepare_payload

# The payments and refunds a real run would still take to the ERP: queued, failed, interrupted, or waiting for
# their order (released once it is there). A quarantined one waits for a person.
_AWAITING_ERP = (Status.PENDING, Status.FAILED, Status.IN_FLIGHT, Status.SKIPPED)
# ``payment(record, number)``: a payment's planning record and its order's ERP document (None: not in the ERP).
PaymentPlanner = Callable[[LedgerRecord, str | None], Any]


def plan_all(
    fc: FlowContext,
    planner: ErpPlanner,
    orders: Iterable[Mapping[str, Any]],
    add: Callable[[Mapping[str, Any]], None],
    batch: OrderBatch,
) -> dict[str, Any]:
    """Hand every order read to ``add`` (which plans it, or gathers it in ``batch``), plan the last batch, log the
    plan and return it."""
    for raw in orders:
        add(raw)
    batch.flush()
    result = planner.plan.to_dict()
    log_plan(fc, result)
    return result


def would_load(row: LedgerRecord, digest: str) -> bool:
    """Whether a real run would take a payment or refund the ledger holds (as ``digest`` now) to the ERP: not there
    yet, and changed in the store or still on its way."""
    return not row.target_id and (row.payload_hash != digest or Status(row.status) in _AWAITING_ERP)


def order_record(
    key: RecordKey, payload: dict[str, Any], row: LedgerRecord | None, modified: datetime | None
) -> LedgerRecord:
    """The planning record of an order read from the store, stored as its extract would store it (``payload``),
    with the store's stamp beside it, where the extract leaves it for the mapping to read."""
    stored, digest = prepare_payload(payload)
    return dataclasses.replace(planning_record(key, stored, digest, row), source_modified=modified)


def _summary_id(summary: Any) -> int | None:
    """The id in an order's refund summary (``{"id": ...}``), when usable."""
    value = summary.get("id") if isinstance(summary, Mapping) else None
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 1 else None


class OrderPlanning:
    """A dry run's orders on their way to the ERP side's planner, each with the payments and refunds a real run
    would still load and the marker the store would get. Payments are planned when the ERP side plans them (its
    planner has a ``payment`` method) and ``store_reads_payments``."""

    def __init__(self, fc: FlowContext, planner: ErpPlanner, marker: StoreMarker, *, store_reads_payments: bool):
        self.fc, self.planner, self.marker = fc, planner, marker
        payment = getattr(planner, "payment", None)
        self.plan_payment: PaymentPlanner | None = payment if store_reads_payments else None
        self._queued_payments: dict[int, list[LedgerRecord]] | None = None

    def plan_held(self, order_id: int, row: LedgerRecord) -> str | None:
        """An order the ledger holds at the store's stamp: planned from the ledger, without a request."""
        payments, refunds = self._queued_payments_of(order_id), self._queued_refunds_of(order_id, row.payload)
        record = planning_record(row.key, row.payload, row.payload_hash, row)
        return self.plan_order(order_id, record, row, payments, refunds)

    def plan_order(
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

    def not_in_erp(self, key: RecordKey, payload: dict[str, Any]) -> LedgerRecord | None:
        """The planning record of a payment or refund read from the store (``payload`` as its extract would store
        it) when a real run would load it, else None."""
        row = self.fc.ledger.get(key)
        stored, digest = prepare_payload(payload)
        if row is not None and not would_load(row, digest):
            return None
        return planning_record(key, stored, digest, row)

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

    def _queued_refunds_of(self, order_id: int, order_payload: Mapping[str, Any]) -> list[LedgerRecord]:
        """The ledger's refunds of a held order (named by its refund summaries) that a real run would still load."""
        found = []
        for summary in order_payload.get("refunds") or []:
            refund_id = _summary_id(summary)
            row = self.fc.ledger.get(refund_key(self.fc, order_id, refund_id)) if refund_id else None
            if row is not None and would_load(row, row.payload_hash):
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
                if would_load(row, row.payload_hash):
                    self._queued_payments[int(row.key.source_id.split("-")[0])].append(row)
        return self._queued_payments.get(order_id, [])
