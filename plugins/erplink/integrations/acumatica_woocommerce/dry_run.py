"""Dry run of the orders flow: the Acumatica documents a real run would create, computed from reads only.

Nothing is written anywhere — not the ledger, not Acumatica, not the store. The store side walks the window's
orders and refunds (``systems.woocommerce.dry_run``); this planner plans, with the load targets' own vetting,
look-ups and field builders, the AR invoices to create (or link, when Acumatica holds one under the order's
reference), the customers to create first, and the credit memos of the refunds Acumatica lacks. An invoiced order
whose change Acumatica cannot take is held back, as the load would quarantine it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from erplink.flows.context import FlowContext
from erplink.flows.dry_run_plan import OrdersPlan
from erplink.ledger import LedgerRecord
from erplink.load.errors import MappingError, NothingToUpdate
from erplink.models import Order
from erplink.systems.acumatica.targets import CreditMemoTarget, CustomerDirectory, InvoiceTarget, ItemCatalog
from erplink.systems.woocommerce.documents import WooCommerceDocuments
from erplink.systems.woocommerce.dry_run import plan_orders as plan_store_orders
from erplink.windows import Window

# What an Acumatica dry run may plan, per kind of document (the keys of the plan).
ACUMATICA_DOCUMENTS = {
    "invoices": ("create", "link"),
    "customers": ("create",),
    "credit_memos": ("create", "link", "waiting"),
}
PLACEHOLDER = "<"


class AcumaticaPlanner:
    """Plans the Acumatica documents of the run's orders and refunds (``erplink.flows.dry_run_plan.ErpPlanner``)."""

    def __init__(self, fc: FlowContext) -> None:
        self._fc = fc
        documents = WooCommerceDocuments(fc)
        self._customers = CustomerDirectory(fc)
        self._invoices = InvoiceTarget(fc, documents, ItemCatalog(fc), self._customers)
        self._memos = CreditMemoTarget(fc, documents)
        self._customer_ids: dict[str, str] = {}
        self.plan = OrdersPlan(fc, ACUMATICA_DOCUMENTS)

    def order(self, record: LedgerRecord) -> str | None:
        plan, target = self.plan, self._invoices
        reference = target.reference(record)
        if record.target_id:
            try:
                target.update(record, record.target_id)  # reads only: it says what changed, or raises why not
            except NothingToUpdate as exc:
                plan.unchanged += 1
                self._fc.log.info(
                    "dry run: Acumatica invoice %s (%s) needs nothing: %s", record.target_id, reference, exc
                )
            return record.target_id
        order = target.vet(record)
        found = target.find(reference)
        if found:
            plan.add("invoices", "link", reference)
            plan.would("link", "Acumatica invoice", f"{found} ({reference})")
            return found
        body = target.body(order, reference, self._customer_id(order))
        plan.add("invoices", "create", reference)
        plan.would("create", "Acumatica invoice", reference, body)
        return f"{PLACEHOLDER}new invoice {reference}>"

    def _customer_id(self, order: Order) -> str:
        reference, customer_id = self._customers.existing(order)
        if reference in self._customer_ids:
            return self._customer_ids[reference]
        if customer_id is None:
            self.plan.add("customers", "create", reference)
            self.plan.would("create", "Acumatica customer", reference, self._customers.new_customer(order, reference))
            customer_id = f"{PLACEHOLDER}new customer {reference}>"
        self._customer_ids[reference] = customer_id
        return customer_id

    def refund(self, record: LedgerRecord, order_payload: dict[str, Any], number: str | None) -> None:
        plan = self.plan
        reference = self._memos.reference(record)
        if number is None:
            plan.add("credit_memos", "waiting", reference)
            self._fc.log.info("dry run: %s would wait for its order to reach Acumatica", reference)
            return
        found = self._memos.find(reference)
        if found:
            plan.add("credit_memos", "link", reference)
            plan.would("link", "Acumatica credit memo", f"{found} ({reference})")
            return
        try:
            customer = (
                f"{PLACEHOLDER}customer of {number}>"
                if number.startswith(PLACEHOLDER)
                else self._memos.invoice_customer(reference, number)
            )
            body = self._memos.body(record, reference, order_payload, number, customer)
        except MappingError as exc:
            plan.hold(exc)
            return
        plan.add("credit_memos", "create", reference)
        plan.would("create", "Acumatica credit memo", reference, body)


def plan_orders(fc: FlowContext, window: Window | None, *, order_ids: Iterable[int] | None = None) -> dict[str, Any]:
    """Read the window's orders (or those named) and return what a real run would send where."""
    return plan_store_orders(fc, window, AcumaticaPlanner(fc), order_ids=order_ids)
