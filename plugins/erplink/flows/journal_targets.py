"""Load targets that post a store's money as general-ledger journal entries: the sale of each order, each payment
received, each refund. Names no system: the ERP's side is a ``JournalBook`` (find an entry by reference, post one),
the store's the ``StoreDocuments`` and ``PaymentDocuments`` of its side, the accounts the tenant's.

A posted journal entry is never changed. An order cancelled after its sale was posted gets a reversal
(``<reference>-X``); an order whose amounts changed gets an adjustment of the difference, whose reference is a
digest of both versions (``mappings/journals.py``), so each is looked up before it is posted, like the sale itself.
Payments and refunds wait for their order's sale to be posted (``WAITING_FOR_ORDER``): the books then never hold
money received for a sale they do not know.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from erplink.flows.context import FlowContext
from erplink.ledger import LedgerRecord
from erplink.ledger.models import RecordKey
from erplink.load.errors import MappingError, NothingToUpdate, NotLoadable
from erplink.load.order_checks import WAITING_FOR_ORDER, posted_order, received_order, vet_sale
from erplink.mappings.journals import (
    JournalAccounts,
    adjustment_entry,
    payment_entry,
    refund_entry,
    reversal_entry,
    sale_entry,
)
from erplink.models import JournalEntry, Order, Payment
from erplink.sides import StoreDocuments


class JournalBook(Protocol):
    """The ERP's general ledger as the targets use it."""

    def find(self, reference: str) -> str | None:
        """The number of the entry posted under ``reference``, or None."""
        ...

    def post(self, entry: JournalEntry) -> str:
        """Post ``entry`` (carrying its reference); its number."""
        ...


class PaymentDocuments(Protocol):
    """The store side's payments as the ledger keeps them."""

    def payment(self, record: LedgerRecord) -> Payment: ...

    def payment_order_id(self, record: LedgerRecord) -> int: ...

    def order_key(self, order_id: int) -> RecordKey: ...

    def order_reference(self, record: LedgerRecord) -> str: ...


class PostingCalendar:
    """The posting date of a moment: its date where the tenant keeps its books (periods close on local dates)."""

    def __init__(self, timezone: str) -> None:
        self._zone = ZoneInfo(timezone)

    def date_of(self, moment: datetime) -> date:
        return moment.astimezone(self._zone).date()


@dataclass(frozen=True)
class Books:
    """Where a tenant's entries go: the ERP's ledger, the accounts, the calendar of posting dates."""

    book: JournalBook
    accounts: JournalAccounts
    calendar: PostingCalendar


class _Journals:
    """What every journal target holds: the flow, the ERP it posts to, and its books."""

    def __init__(self, fc: FlowContext, books: Books, *, erp: str) -> None:
        self._fc, self._erp = fc, erp
        self._book, self._accounts, self._calendar = books.book, books.accounts, books.calendar

    def find(self, reference: str) -> str | None:
        return self._book.find(reference)


class SaleJournals(_Journals):
    """Store orders → sale entries; a change after posting → reversal or adjustment (``update``)."""

    def __init__(
        self,
        fc: FlowContext,
        documents: StoreDocuments,
        books: Books,
        *,
        erp: str,
        party: Callable[[Order], str | None] = lambda _order: None,
    ) -> None:
        super().__init__(fc, books, erp=erp)
        self._documents, self._party = documents, party

    def reference(self, record: LedgerRecord) -> str:
        return self._documents.order_reference(record)

    def vet(self, record: LedgerRecord) -> Order:
        """The order, once it is a sale whose entry can be built (``NotLoadable``, ``MappingError`` otherwise)."""
        order = vet_sale(self._fc, self._documents, record, unknown_skus=lambda _order: (), unknown="", fix="")
        self.body(order, self.reference(record), None)
        return order

    def body(self, order: Order, reference: str, party: str | None) -> JournalEntry:
        """The sale entry of ``order`` (its posting date the order's, where the tenant keeps its books)."""
        return sale_entry(order, self._accounts, reference=reference,
                          posting_date=self._calendar.date_of(order.created_at), party=party)  # fmt: skip

    def create(self, record: LedgerRecord, reference: str) -> str:
        order = self._documents.order(record)
        return self._book.post(self.body(order, reference, self._party(order)))

    def update(self, record: LedgerRecord, target_id: str) -> str | None:
        """Post what a change of a posted order asks for (once); the sale's number stays the record's target id."""
        _action, entry = self.change(record, target_id)
        found = self._book.find(entry.reference)
        if found is not None:
            self._fc.log.info("journal %s is already posted as %s", entry.reference, found)
        else:
            self._book.post(entry)
        return None

    def change(self, record: LedgerRecord, target_id: str) -> tuple[str, JournalEntry]:
        """What a store change of the order posted as ``target_id`` asks for, as ``(action, entry)``; reads nothing.

        ``reverse``: cancelled, the sale taken back; ``repost``: a cancelled order made a sale again, posted anew;
        ``adjust``: the difference of changed amounts. ``NothingToUpdate`` when the books hold what the order says.
        """
        reference, tag = self.reference(record), _change_tag(record)
        received = received_order(self._documents, record)
        if received is None:
            raise MappingError(record.key, f"changed after its sale {target_id} was posted, and the order as posted "
                                           "is not kept: correct the journal by hand")  # fmt: skip
        cancelled = self._documents.cancelled_statuses
        was_cancelled = received.status in cancelled
        is_cancelled = self._documents.order_status(record) in cancelled
        day = self._today(record)
        if is_cancelled and not was_cancelled:
            posted = self.body(received, reference, None)
            return "reverse", reversal_entry(posted, reference=f"{reference}-X{tag}", posting_date=day)
        if is_cancelled:
            raise NothingToUpdate("cancelled, and its sale already reversed")
        wanted = self.body(self._documents.order(record), f"{reference}-S{tag}", None)
        if was_cancelled:
            return "repost", wanted.model_copy(update={"posting_date": day})
        posted = self.body(received, reference, None)
        adjustment = adjustment_entry(posted, wanted, reference=f"{reference}-A{tag}", posting_date=day)
        if adjustment is None:
            raise NothingToUpdate("nothing the books hold changed")
        return "adjust", adjustment

    def _today(self, record: LedgerRecord) -> date:
        # A change is booked when the store made it, not back in the sale's (perhaps closed) period.
        return self._calendar.date_of(record.source_modified or record.updated_at)


def _change_tag(record: LedgerRecord) -> str:
    """Names one change of a posted order: the store's modification stamp, so the entry a change asks for gets the
    same reference on every try (found, not posted twice, after a crash), and the next change a new one."""
    seen = record.source_modified.isoformat() if record.source_modified else record.payload_hash
    return hashlib.sha256(seen.encode()).hexdigest()[:8]


class PaymentJournals(_Journals):
    """Store payments → payment entries, each once its order's sale is posted."""

    def __init__(self, fc: FlowContext, documents: PaymentDocuments, books: Books, *, erp: str) -> None:
        super().__init__(fc, books, erp=erp)
        self._documents = documents

    def reference(self, record: LedgerRecord) -> str:
        payment = self._documents.payment(record)
        order = self._order_record(record)
        return f"{self._documents.order_reference(order)}-P{payment.source_id}"

    def vet(self, record: LedgerRecord) -> None:
        self.vet_payment(record)
        self._posted_sale(record)

    def vet_payment(self, record: LedgerRecord) -> Payment:
        """The payment, unless it moved no money (``NotLoadable``)."""
        payment = self._documents.payment(record)
        if payment.test:
            raise NotLoadable(f"taken in {payment.gateway}'s test mode: no money moved")
        return payment

    def create(self, record: LedgerRecord, reference: str) -> str:
        return self._book.post(self.entry(record, reference))

    def entry(self, record: LedgerRecord, reference: str) -> JournalEntry:
        payment = self._documents.payment(record)
        return payment_entry(payment, self._accounts, reference=reference,
                             posting_date=self._calendar.date_of(payment.created_at))  # fmt: skip

    def _order_record(self, record: LedgerRecord) -> LedgerRecord:
        order_id = self._documents.payment_order_id(record)
        found = self._fc.ledger.get(self._documents.order_key(order_id))
        if found is None:
            raise NotLoadable(f"{WAITING_FOR_ORDER} {order_id} to reach {self._erp} (the order is not extracted yet)")
        return found

    def _posted_sale(self, record: LedgerRecord) -> LedgerRecord:
        order = self._order_record(record)
        if not order.target_id:
            raise NotLoadable(f"{WAITING_FOR_ORDER} {order.key.source_id} to reach {self._erp} "
                              f"(the order is {order.status.value})")  # fmt: skip
        return order


class RefundJournals(_Journals):
    """Store refunds → refund entries, out of the clearing account of the provider that took the order's money."""

    def __init__(
        self,
        fc: FlowContext,
        documents: StoreDocuments,
        books: Books,
        *,
        erp: str,
        gateway_of: Callable[[LedgerRecord], str | None] = lambda _order: None,
    ) -> None:
        super().__init__(fc, books, erp=erp)
        self._documents, self._gateway_of = documents, gateway_of

    def reference(self, record: LedgerRecord) -> str:
        return self._documents.refund_reference(record)

    def vet(self, record: LedgerRecord) -> None:
        posted_order(self._fc, self._documents, record, erp=self._erp)

    def create(self, record: LedgerRecord, reference: str) -> str:
        order = posted_order(self._fc, self._documents, record, erp=self._erp)
        return self._book.post(self.entry(record, reference, order.payload, order))

    def entry(
        self, record: LedgerRecord, reference: str, order_payload: dict[str, Any], order: LedgerRecord | None = None
    ) -> JournalEntry:
        refund = self._documents.refund(record, order_payload)
        gateway = self._gateway_of(order) if order is not None else None
        return refund_entry(refund, self._accounts, reference=reference, gateway=gateway,
                            posting_date=self._calendar.date_of(refund.created_at))  # fmt: skip
