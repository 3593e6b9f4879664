"""What store sides' dry run tests share: an ERP side that plans one new document per order (``planned_number``) and
records what the store side hands it (``refuse`` maps an order id to what planning that order raises), a record
put in the ERP by hand, and the ledger's rows as a dry run must leave them."""

from __future__ import annotations

from typing import Any

from erplink.flows.context import FlowContext
from erplink.flows.dry_run_plan import OrdersPlan, placeholder
from erplink.ledger import LedgerRecord, RecordKey


def planned_number(order_id: Any) -> str:
    """The placeholder the planner gives the document it would create for the order."""
    return placeholder(f"new document DOC-{order_id}")


class RecordingPlanner:
    def __init__(self, fc: FlowContext, refuse: dict[int, Exception] | None = None) -> None:
        self.plan = OrdersPlan(fc, {"documents": ("create",)})
        self.refuse = refuse or {}
        self.orders: list[LedgerRecord] = []
        self.refunds: list[tuple[LedgerRecord, str | None]] = []

    def order(self, record: LedgerRecord) -> str | None:
        self.orders.append(record)
        if refused := self.refuse.get(int(record.key.source_id)):
            raise refused
        if record.target_id:
            return record.target_id
        self.plan.add("documents", "create", f"DOC-{record.key.source_id}")
        return planned_number(record.key.source_id)

    def refund(self, record: LedgerRecord, order_payload: dict[str, Any], number: str | None) -> None:
        self.refunds.append((record, number))


class PaymentPlanner(RecordingPlanner):
    """A planner that plans payments too."""

    def __init__(self, fc: FlowContext, refuse: dict[int, Exception] | None = None) -> None:
        super().__init__(fc, refuse)
        self.payments: list[tuple[LedgerRecord, str | None]] = []

    def payment(self, record: LedgerRecord, number: str | None) -> None:
        self.payments.append((record, number))


def in_erp(fc: FlowContext, key: RecordKey, number: str) -> None:
    """The record as a real run leaves it once the ERP holds it as ``number``."""
    fc.ledger.mark_in_flight(key, target_ref=f"ref {key.source_id}", ctx=fc.attempt)
    fc.ledger.mark_done(key, target_id=number, target_ref=f"ref {key.source_id}", ctx=fc.attempt, action="created")


def ledger_rows(fc: FlowContext) -> list[tuple[Any, ...]]:
    """Every row of the flow's tenant and integration, with all that a write would change."""
    return [
        (r.key, r.status, r.payload_hash, r.target_id, r.source_modified, r.updated_at, r.attempts)
        for r in fc.ledger.records(tenant=fc.tenant.name, integration=fc.integration)
    ]
