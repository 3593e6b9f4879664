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
from erplink.flows.dry_run_plan import DocumentPlanner, is_placeholder, placeholder
from erplink.ledger import LedgerRecord
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


class AcumaticaPlanner(DocumentPlanner):
    """Plans the Acumatica documents of the run's orders and refunds with the load targets, calling nothing that
    writes: a released invoice is never changed, so an invoiced order asks nothing or is held back."""

    erp, order_kind, order_document = "Acumatica", "invoices", "invoice"

    def __init__(self, fc: FlowContext) -> None:
        documents, customers = WooCommerceDocuments(fc), CustomerDirectory(fc)
        self._invoices = InvoiceTarget(fc, documents, ItemCatalog(fc), customers)
        self._memos = CreditMemoTarget(fc, documents)
        super().__init__(fc, ACUMATICA_DOCUMENTS, orders=self._invoices, customers=customers, refunds=self._memos)

    def find_order(self, record: LedgerRecord, reference: str) -> str | None:
        return self._invoices.find(reference)

    def change(self, record: LedgerRecord, number: str) -> tuple[str, Any] | None:
        self._invoices.update(record, number)  # reads only: it says what changed, or raises why not
        return None

    def refund_body(self, record: LedgerRecord, reference: str, order_payload: dict[str, Any], number: str) -> Any:
        # The credit memo goes to the invoice's customer; a planned invoice's customer is planned with it.
        customer = (
            placeholder(f"customer of {number}")
            if is_placeholder(number)
            else self._memos.invoice_customer(reference, number)
        )
        return self._memos.body(record, reference, order_payload, number, customer)


def plan_orders(fc: FlowContext, window: Window | None, *, order_ids: Iterable[int] | None = None) -> dict[str, Any]:
    """Read the window's orders (or those named) and return what a real run would send where."""
    return plan_store_orders(fc, window, AcumaticaPlanner(fc), order_ids=order_ids)
