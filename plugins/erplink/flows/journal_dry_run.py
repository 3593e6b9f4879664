"""The ERP side of an orders dry run where the store's money is posted as journal entries: the sale entries a run
would post, link, reverse or adjust, the shoppers' customers it would create, the payment and refund entries —
with the journal targets' own vetting, look-ups and entries, and nothing written anywhere."""

from __future__ import annotations

from typing import Any

from erplink.flows.context import FlowContext
from erplink.flows.dry_run_plan import DocumentPlanner
from erplink.flows.journal_targets import PaymentJournals, RefundJournals, SaleJournals
from erplink.ledger import LedgerRecord
from erplink.load.errors import MappingError, NotLoadable

# What a journal dry run may plan, per kind of document (the keys of the plan).
JOURNAL_DOCUMENTS = {
    "sale_journals": ("create", "link", "reverse", "repost", "adjust"),
    "customers": ("create",),
    "payment_journals": ("create", "link", "waiting"),
    "refund_journals": ("create", "link", "waiting"),
}


class JournalPlanner(DocumentPlanner):
    """Plans journal entries; ``customers`` is the ERP side's customer directory (``existing``, ``new_customer``)."""

    order_kind, order_document = "sale_journals", "sale journal entry"
    refund_kind, refund_document = "refund_journals", "refund journal entry"
    payment_kind, payment_document = "payment_journals", "payment journal entry"

    def __init__(
        self,
        fc: FlowContext,
        *,
        erp: str,
        sales: SaleJournals,
        payments: PaymentJournals,
        refunds: RefundJournals,
        customers: Any,
    ) -> None:
        self.erp = erp
        self._sales, self._payments, self._refunds = sales, payments, refunds
        super().__init__(fc, JOURNAL_DOCUMENTS, orders=_PlannedSales(sales), customers=customers, refunds=refunds)

    def find_order(self, record: LedgerRecord, reference: str) -> str | None:
        return self._sales.find(reference)

    def change(self, record: LedgerRecord, number: str) -> tuple[str, Any] | None:
        action, entry = self._sales.change(record, number)
        if self._sales.find(entry.reference) is not None:
            return None  # posted already: the run would link it
        return action, entry.model_dump(mode="json")

    def refund_body(self, record: LedgerRecord, reference: str, order_payload: dict[str, Any], number: str) -> Any:
        return self._refunds.entry(record, reference, order_payload).model_dump(mode="json")

    def payment(self, record: LedgerRecord, number: str | None) -> None:
        """Plan the payment's entry; ``number`` is its order's sale entry (None: the payment would wait for it)."""
        plan = self.plan
        if number is None:
            plan.add(self.payment_kind, "waiting", f"{record.key}")
            return
        try:
            self._payments.vet_payment(record)
            reference = self._payments.reference(record)
        except NotLoadable as exc:
            self._fc.log.info("dry run: %s would not be posted: %s", record.key, exc)
            return
        except MappingError as exc:
            plan.hold(exc)
            return
        found = self._payments.find(reference)
        if found:
            plan.add(self.payment_kind, "link", reference)
            plan.would("link", f"{self.erp} {self.payment_document}", f"{found} ({reference})")
            return
        body = self._payments.entry(record, reference).model_dump(mode="json")
        plan.add(self.payment_kind, "create", reference)
        plan.would("create", f"{self.erp} {self.payment_document}", reference, body)


class _PlannedSales:
    """The sale target as the planner reads it: its entries as the JSON the plan logs and returns."""

    def __init__(self, sales: SaleJournals) -> None:
        self._sales = sales

    def reference(self, record: LedgerRecord, /) -> str:
        return self._sales.reference(record)

    def vet(self, record: LedgerRecord, /) -> Any:
        return self._sales.vet(record)

    def body(self, order: Any, reference: str, customer: str, /) -> Any:
        return self._sales.body(order, reference, customer).model_dump(mode="json")
