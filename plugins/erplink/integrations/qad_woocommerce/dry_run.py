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
from erplink.flows.dry_run_plan import OrdersPlan
from erplink.ledger import LedgerRecord
from erplink.load.errors import MappingError
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


class QadPlanner:
    """Plans the QAD documents of the run's orders and refunds with the load targets, calling nothing that writes
    (``erplink.flows.dry_run_plan.ErpPlanner``)."""

    def __init__(self, fc: FlowContext) -> None:
        self._fc = fc
        self._customers = CustomerDirectory(fc)
        documents = WooCommerceDocuments(fc)
        self._orders = SalesOrderTarget(fc, documents, ItemCatalog(fc), self._customers)
        self._memos = CreditMemoTarget(fc, documents)
        self._customer_codes: dict[str, str] = {}
        self.plan = OrdersPlan(fc, QAD_DOCUMENTS)

    def order(self, record: LedgerRecord) -> str | None:
        """Plan the order's QAD sales order; the QAD order number (or its placeholder) it would then have."""
        plan, target = self.plan, self._orders
        reference = target.reference(record)
        if record.target_id:
            change = target.change(record, record.target_id)
            if change.action == "none":
                plan.unchanged += 1
                self._fc.log.info(
                    "dry run: QAD sales order %s (%s) needs nothing: %s", record.target_id, reference, change.reason
                )
                return record.target_id
            plan.add("sales_orders", change.action, reference)
            plan.would(change.action, "QAD sales order", f"{record.target_id} ({reference})", change.body)
            return record.target_id
        order = target.vet(record)
        found = target.find_record(record, reference)
        if found:
            plan.add("sales_orders", "link", reference)
            plan.would("link", "QAD sales order", f"{found} ({reference})")
            return found
        body = target.body(order, reference, self._customer_code(order))
        plan.add("sales_orders", "create", reference)
        plan.would("create", "QAD sales order", reference, body)
        return f"<new sales order {reference}>"

    def _customer_code(self, order: Any) -> str:
        reference, code = self._customers.existing(order)
        if reference in self._customer_codes:
            return self._customer_codes[reference]
        if code is None:
            self.plan.add("customers", "create", reference)
            self.plan.would("create", "QAD customer", reference, CustomerDirectory.new_customer(order, reference))
            code = f"<new customer {reference}>"
        self._customer_codes[reference] = code
        return code

    def refund(self, record: LedgerRecord, order_payload: dict[str, Any], number: str | None) -> None:
        plan = self.plan
        reference = self._memos.reference(record)
        if number is None:
            plan.add("credit_memos", "waiting", reference)
            self._fc.log.info("dry run: %s would wait for its order to reach QAD", reference)
            return
        found = self._memos.find(reference)
        if found:
            plan.add("credit_memos", "link", reference)
            plan.would("link", "QAD credit memo", f"{found} ({reference})")
            return
        try:
            body = self._memos.body(record, reference, order_payload, number)
        except MappingError as exc:
            plan.hold(exc)
            return
        plan.add("credit_memos", "create", reference)
        plan.would("create", "QAD credit memo", reference, body)


def plan_orders(fc: FlowContext, window: Window | None, *, order_ids: Iterable[int] | None = None) -> dict[str, Any]:
    """Read the window's orders (or those named) and return what a real run would send where."""
    return plan_store_orders(fc, window, QadPlanner(fc), order_ids=order_ids)
