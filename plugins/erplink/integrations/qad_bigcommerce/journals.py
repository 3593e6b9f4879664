"""The journal targets of a QAD ↔ BigCommerce tenant, wired: the core's sale, payment and refund journals over
QAD's general ledger, the BigCommerce side's documents, the tenant's accounts and posting time zone."""

from __future__ import annotations

from erplink.flows.context import FlowContext
from erplink.flows.journal_targets import Books, PaymentJournals, PostingCalendar, RefundJournals, SaleJournals
from erplink.flows.store_records import PAYMENT
from erplink.integrations.qad_bigcommerce.config import journal_accounts
from erplink.ledger import LedgerRecord
from erplink.models import Order
from erplink.systems.bigcommerce.documents import BigCommerceDocuments
from erplink.systems.qad.config import qad_erp
from erplink.systems.qad.journal_book import QadJournalBook
from erplink.systems.qad.targets import CustomerDirectory

ERP = "QAD"


def _books(fc: FlowContext) -> Books:
    accounts = qad_erp(fc.tenant).accounts
    return Books(QadJournalBook(fc), journal_accounts(accounts), PostingCalendar(accounts.posting_timezone))


def sale_journals(fc: FlowContext, *, create_customers: bool = True) -> SaleJournals:
    """Each order's sale, naming the QAD customer of its shopper (created when QAD has none, unless
    ``create_customers`` is False: a dry run then names the customer QAD already has, if any)."""
    customers = CustomerDirectory(fc)

    def party(order: Order) -> str | None:
        return customers.code_for(order) if create_customers else customers.existing(order)[1]

    return SaleJournals(fc, BigCommerceDocuments(fc), _books(fc), erp=ERP, party=party)


def payment_journals(fc: FlowContext) -> PaymentJournals:
    return PaymentJournals(fc, BigCommerceDocuments(fc), _books(fc), erp=ERP)


def refund_journals(fc: FlowContext) -> RefundJournals:
    """Each refund, out of the clearing account of the provider that took its order's money (the order's first
    payment the ledger holds; the default clearing account when it holds none)."""

    def gateway_of(order: LedgerRecord) -> str | None:
        payments = fc.ledger.records(tenant=fc.tenant.name, integration=fc.integration, entity=PAYMENT,
                                     source_id_prefixes=[f"{order.key.source_id}-"])  # fmt: skip
        for payment in payments:
            gateway = payment.payload.get("gateway")
            if isinstance(gateway, str) and gateway:
                return gateway
        return None

    return RefundJournals(fc, BigCommerceDocuments(fc), _books(fc), erp=ERP, gateway_of=gateway_of)
