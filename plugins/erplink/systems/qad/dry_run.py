"""The QAD side of an orders dry run, whichever store the orders come from: QAD sales orders to create, update or
cancel, QAD customers to create, and credit memos for the refunds QAD does not have yet, planned with the load
targets' own vetting, look-ups and body builders (``erplink.flows.dry_run_plan.DocumentPlanner``). Reads only."""

from __future__ import annotations

from typing import Any

from erplink.flows.context import FlowContext
from erplink.flows.dry_run_plan import DocumentPlanner
from erplink.ledger import LedgerRecord
from erplink.load.errors import NothingToUpdate
from erplink.sides import StoreDocuments
from erplink.systems.qad.targets import CreditMemoTarget, CustomerDirectory, ItemCatalog, SalesOrderTarget

# What a QAD dry run may plan, per kind of QAD document (the keys of the plan).
QAD_DOCUMENTS = {
    "sales_orders": ("create", "update", "cancel", "link"),
    "customers": ("create",),
    "credit_memos": ("create", "link", "waiting"),
}


class QadPlanner(DocumentPlanner):
    """Plans the QAD documents of the run's orders and refunds with the load targets, calling nothing that writes:
    an order QAD has may ask for an update or a cancellation of its sales order."""

    erp, order_kind, order_document = "QAD", "sales_orders", "sales order"

    def __init__(self, fc: FlowContext, documents: StoreDocuments) -> None:
        customers = CustomerDirectory(fc)
        self._orders = SalesOrderTarget(fc, documents, ItemCatalog(fc), customers)
        self._memos = CreditMemoTarget(fc, documents)
        super().__init__(fc, QAD_DOCUMENTS, orders=self._orders, customers=customers, refunds=self._memos)

    def find_order(self, record: LedgerRecord, reference: str) -> str | None:
        return self._orders.find_record(record, reference)

    def change(self, record: LedgerRecord, number: str) -> tuple[str, Any] | None:
        change = self._orders.change(record, number)
        if change.action == "none":
            raise NothingToUpdate(change.reason)
        return change.action, change.body

    def refund_body(self, record: LedgerRecord, reference: str, order_payload: dict[str, Any], number: str) -> Any:
        return self._memos.body(record, reference, order_payload, number)
