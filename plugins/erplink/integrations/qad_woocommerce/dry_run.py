"""Dry run of the orders flow: every document a real run would create or change, computed from reads only.

Nothing is written anywhere — not the ledger, not QAD, not the store. The window's orders (the trash included)
are judged against the ledger the way the extract judges them, then planned with the load targets' own vetting,
look-ups and body builders: QAD sales orders to create, update or cancel, QAD customers to create, credit memos
for the refunds QAD does not have yet, and the write-back markers the store would get. Each planned document is
logged with its body; the returned plan (the task's XCom) names them by reference.

A document that only exists once an earlier one is created (the customer of a new order, the sales order of a new
refund) is named by a placeholder such as ``<new sales order WC-shop-1042>``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from erplink.flows.context import FlowContext
from erplink.flows.dry_run_plan import DocumentPlanner
from erplink.ledger import LedgerRecord
from erplink.load.errors import NothingToUpdate
from erplink.systems.qad.targets import CreditMemoTarget, CustomerDirectory, ItemCatalog, SalesOrderTarget
from erplink.systems.woocommerce.documents import WooCommerceDocuments
from erplink.systems.woocommerce.dry_run import plan_orders as plan_store_orders
from erplink.windows import Window

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

    def __init__(self, fc: FlowContext) -> None:
        documents, customers = WooCommerceDocuments(fc), CustomerDirectory(fc)
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


def plan_orders(fc: FlowContext, window: Window | None, *, order_ids: Iterable[int] | None = None) -> dict[str, Any]:
    """Read the window's orders (or those named) and return what a real run would send where."""
    return plan_store_orders(fc, window, QadPlanner(fc), order_ids=order_ids)
