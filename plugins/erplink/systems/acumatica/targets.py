"""Load targets for Acumatica: AR sales invoices and credit memos, with the customer and item look-ups they need.

Each target is the load protocol's ``TargetAdapter``: the store side's deterministic reference, a look-up by that
reference in ``CustomerOrder`` before any create (``If-None-Match: *`` cannot catch a duplicate document:
``ReferenceNbr`` is auto-numbered), and the create, a PUT with ``If-None-Match: *``. The customer is upserted
first, matched by email, then by its stored reference (``AccountRef``), and cached for the run.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from erplink.flows.context import FlowContext
from erplink.http.errors import ApiError, PermanentApiError
from erplink.ledger import LedgerRecord
from erplink.load.errors import MappingError, NothingToUpdate
from erplink.load.order_checks import WAITING_FOR_ORDER, posted_order, received_order, vet_sale
from erplink.mappings.references import customer_reference
from erplink.models import Order
from erplink.sides import StoreDocuments
from erplink.systems.acumatica.config import acumatica_erp
from erplink.systems.acumatica.mappings.sales import (
    CREDIT_MEMO,
    CUSTOMER_REFERENCE_FIELD,
    INVOICE,
    REFERENCE_FIELD,
    credit_memo_fields,
    customer_fields,
    invoice_fields,
    unknown_skus,
)
from erplink.systems.acumatica.paging import text_literal
from erplink.systems.acumatica.values import Unwrapped

RELEASE_ACTION = "ReleaseSalesInvoice"
DOCUMENT_FIELDS = f"Type,ReferenceNbr,Status,CustomerID,{REFERENCE_FIELD}"
UNRELEASED = ("Balanced",)  # "On Hold" documents are a person's: they are left alone
UNSELLABLE = ("No Sales", "Inactive", "Marked for Deletion")
SKUS_PER_REQUEST = 20  # an `or` filter of this many InventoryIDs stays well within a URL's length


class ItemCatalog:
    """Which SKUs are sellable stock items, asked once per SKU per run (thread-safe)."""

    def __init__(self, fc: FlowContext) -> None:
        self._fc = fc
        self._sellable: dict[str, bool] = {}
        self._lock = threading.Lock()

    def prefetch(self, skus: Iterable[str]) -> None:
        wanted = sorted({s for s in skus if s} - self._sellable.keys())
        for start in range(0, len(wanted), SKUS_PER_REQUEST):
            chunk = wanted[start : start + SKUS_PER_REQUEST]
            expression = " or ".join(f"InventoryID eq {text_literal(sku)}" for sku in chunk)
            rows = self._fc.erp.find_entities("StockItem", expression, select="InventoryID,ItemStatus")
            found = {}
            for row in rows:
                item = Unwrapped(row, "StockItem")
                found[(item.text("InventoryID") or "").casefold()] = item.text("ItemStatus") not in UNSELLABLE
            with self._lock:
                for sku in chunk:
                    self._sellable[sku] = found.get(sku.casefold(), False)

    def sellable(self, skus: Iterable[str]) -> dict[str, bool]:
        skus = list(skus)
        self.prefetch(skus)
        return {sku: self._sellable.get(sku, False) for sku in skus}


class CustomerDirectory:
    """Finds or creates the Acumatica customer of a store customer; matches are cached for the run.

    A customer created by an attempt whose answer was lost is found again: by email, by its reference in
    ``AccountRef``, and at worst by its ``CustomerID``, which is derived from the reference (the insert-only PUT
    answers 412 for it).
    """

    def __init__(self, fc: FlowContext) -> None:
        self._fc = fc
        self._ids: dict[str, str] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def reference(self, order: Order) -> str:
        return customer_reference(order.reference_prefix, self._fc.tenant.store.store_key, order.customer)

    def customer_id_for(self, order: Order) -> str:
        reference = self.reference(order)
        # One lock per email and one per reference (emails first, so two workers never wait on each other): two
        # orders of one new customer, by either handle, never create it twice.
        with self._guard:
            by_email = self._locks.setdefault(f"email:{order.customer.email.casefold()}", threading.Lock())
            by_reference = self._locks.setdefault(f"ref:{reference}", threading.Lock())
        with by_email, by_reference:
            if reference in self._ids:
                return self._ids[reference]
            customer_id = self._match(order, reference) or self._create(order, reference)
            self._ids[reference] = customer_id
            return customer_id

    def existing(self, order: Order) -> tuple[str, str | None]:
        """The customer's reference and its CustomerID when Acumatica has it (reads only: a dry run's look-up)."""
        reference = self.reference(order)
        return reference, self._ids.get(reference) or self._match(order, reference)

    def new_customer(self, order: Order, reference: str) -> dict[str, Any]:
        """The fields of the customer the order's customer becomes when Acumatica has none."""
        return customer_fields(order, reference=reference, erp=acumatica_erp(self._fc.tenant))

    def _match(self, order: Order, reference: str) -> str | None:
        erp = self._fc.erp
        select = f"CustomerID,CurrencyID,{CUSTOMER_REFERENCE_FIELD}"
        for rule in self._fc.tenant.orders.customer_match:
            expression = (
                f"Email eq {text_literal(order.customer.email)}"
                if rule == "email"
                else f"{CUSTOMER_REFERENCE_FIELD} eq {text_literal(reference)}"
            )
            rows = erp.find_entities("Customer", expression, select=select)
            if rows:
                customer = Unwrapped(rows[0], "Customer")
                currency = customer.text("CurrencyID")
                if currency and currency.upper() != order.currency:
                    raise MappingError(
                        order.record_key,
                        f"currency: the order is in {order.currency} but "
                        f"Acumatica customer {customer.text('CustomerID')} bills in {currency}",
                    )
                return customer.text("CustomerID")
        return None

    def _create(self, order: Order, reference: str) -> str:
        fields = self.new_customer(order, reference)
        try:
            created = self._fc.erp.put_wrapped("Customer", fields, insert_only=True)
        except PermanentApiError as exc:
            if exc.status != 412:
                raise
            return str(fields["CustomerID"])  # made by an earlier attempt whose answer was lost
        customer_id = Unwrapped(created, "Customer").text("CustomerID") or str(fields["CustomerID"])
        self._fc.log.info("created Acumatica customer %s for %s", customer_id, reference)
        return customer_id


def _by_reference(document_type: str, reference: str) -> str:
    return f"(Type eq {text_literal(document_type)} and {REFERENCE_FIELD} eq {text_literal(reference)})"


class _DocumentTarget:
    """What invoices and credit memos share: the look-up by reference, the create, and the release.

    A document is released as soon as it is created: the release (a long operation) is started then, and runs on
    the server while the load goes on; ``finish_releases`` checks them all once the load is done, when most have
    long finished, so no load thread waits for one. A document whose release never started (a run stopped in
    between) is released when the look-up by reference finds it.
    """

    document_type: str

    def __init__(self, fc: FlowContext, documents: StoreDocuments) -> None:
        self._fc = fc
        self._documents = documents
        self._releasing: list[tuple[str, str]] = []  # (document number, where its release is checked)
        self._releasing_lock = threading.Lock()

    def find(self, reference: str) -> str | None:
        rows = self._fc.erp.find_entities(
            "SalesInvoice", _by_reference(self.document_type, reference), select=DOCUMENT_FIELDS
        )
        return self._found(reference, rows)

    def _found(self, reference: str, rows: list[dict[str, Any]]) -> str | None:
        """The number of the one document of this type carrying ``reference`` among ``rows``; released now when
        a run stopped between creating and releasing it."""
        # Acumatica compares text case-insensitively, and so does this.
        mine = [
            doc
            for doc in (Unwrapped(row, "SalesInvoice") for row in rows)
            if doc.text("Type") == self.document_type
            and (doc.text(REFERENCE_FIELD) or "").casefold() == reference.casefold()
        ]
        if not mine:
            return None
        if len(mine) > 1:
            numbers = ", ".join(doc.text("ReferenceNbr") or "?" for doc in mine)
            raise MappingError(
                reference,
                f"{len(mine)} Acumatica documents carry {REFERENCE_FIELD} {reference} "
                f"({numbers}); keep one, then replay",
            )
        number = mine[0].text("ReferenceNbr")
        if mine[0].text("Status") in UNRELEASED and not self._fc.dry_run:
            self._release(number)
        return number

    def _put(self, fields: dict[str, Any]) -> str:
        created = self._fc.erp.put_wrapped("SalesInvoice", fields, insert_only=True)
        number = Unwrapped(created, "SalesInvoice").text("ReferenceNbr")
        if not number:
            raise MappingError(str(fields[REFERENCE_FIELD]), "Acumatica answered without a ReferenceNbr")
        self._release(number)
        return number

    def _release(self, number: str | None) -> None:
        if not number or not acumatica_erp(self._fc.tenant).release_documents:
            return
        try:
            location = self._fc.erp.start_action(
                "SalesInvoice", RELEASE_ACTION, {"Type": self.document_type, "ReferenceNbr": number}
            )
        except PermanentApiError as exc:
            # The document stands; a person releases it (or the next look-up of it tries again).
            self._fc.log.warning("%s %s was created but not released: %s", self.document_type, number, exc)
            return
        if location is not None:
            with self._releasing_lock:
                self._releasing.append((number, location))

    def finish_releases(self) -> list[str]:
        """Wait for every release this target started; the numbers of the documents left unreleased (each logged
        with Acumatica's reason: a person releases it in Acumatica)."""
        with self._releasing_lock:
            started, self._releasing = self._releasing, []
        if not started:
            return []

        def released(item: tuple[str, str]) -> bool:
            number, location = item
            try:
                self._fc.erp.await_action(location, f"SalesInvoice/{RELEASE_ACTION}")
            except ApiError as exc:
                self._fc.log.warning("%s %s was created but not released: %s", self.document_type, number, exc)
                return False
            return True

        with ThreadPoolExecutor(max_workers=self._fc.tenant.load_threads, thread_name_prefix="release") as pool:
            outcomes = list(pool.map(released, started))
        return [number for (number, _), done in zip(started, outcomes, strict=True) if not done]


class InvoiceTarget(_DocumentTarget):
    """Store orders → AR sales invoices (released)."""

    document_type = INVOICE

    def __init__(
        self,
        fc: FlowContext,
        documents: StoreDocuments,
        items: ItemCatalog | None = None,
        customers: CustomerDirectory | None = None,
    ) -> None:
        super().__init__(fc, documents)
        self._items = items or ItemCatalog(fc)
        self._customers = customers or CustomerDirectory(fc)

    def reference(self, record: LedgerRecord) -> str:
        return self._documents.order_reference(record)

    def vet(self, record: LedgerRecord) -> Order:
        """The order, or the reason it cannot (yet) be invoiced. Reads Acumatica's items, writes nothing."""
        return vet_sale(
            self._fc,
            self._documents,
            record,
            unknown_skus=lambda order: unknown_skus(order, self._items.sellable(order.skus)),
            unknown="SKUs that are not sellable Acumatica stock items",
            fix="add or activate the items",
        )

    def create(self, record: LedgerRecord, reference: str) -> str:
        order = self.vet(record)
        return self._put(self.body(order, reference, self._customers.customer_id_for(order)))

    def body(self, order: Order, reference: str, customer_id: str) -> dict[str, Any]:
        """The invoice's fields (plain; wrapped when sent)."""
        return invoice_fields(order, reference=reference, customer_id=customer_id, erp=acumatica_erp(self._fc.tenant))

    def update(self, record: LedgerRecord, target_id: str) -> str | None:
        """A store change of an invoiced order: nothing when what the invoice holds did not change (a status
        change alone, a refund: its own credit memo); otherwise a person decides, since a released invoice is
        never changed (a cancellation is a credit memo in Acumatica)."""
        order = self._documents.order(record)
        if order.status in self._documents.cancelled_statuses:
            raise MappingError(
                record.key,
                f"cancelled in the store ({order.status!r}) after Acumatica invoice "
                f"{target_id}; reverse the invoice in Acumatica (credit memo) if it stands",
            )
        if record.payload_at_target in (None, record.payload):
            raise NothingToUpdate(f"{record.key}: Acumatica invoice {target_id} holds this version")
        erp = acumatica_erp(self._fc.tenant)
        now = invoice_fields(order, reference="", customer_id="", erp=erp)
        try:
            before = received_order(self._documents, record)
            assert before is not None  # the ledger keeps the received version: it differs from the payload
            then = invoice_fields(before, reference="", customer_id="", erp=erp)
        except MappingError as exc:
            raise MappingError(
                record.key,
                f"changed after Acumatica invoice {target_id} was released, and the "
                f"version it received cannot be read to tell what changed ({exc.reason}); "
                "adjust it in Acumatica by hand if it must change",
            ) from exc
        # The description names the order's number, which is the store's to change; nothing a person books.
        changed = sorted(k for k in now.keys() | then.keys() if k != "Description" and now.get(k) != then.get(k))
        if not changed:
            raise NothingToUpdate(f"{record.key}: nothing Acumatica holds changed (status {order.status!r})")
        raise MappingError(
            record.key,
            f"changed after Acumatica invoice {target_id} was released: "
            f"{', '.join(changed)}; adjust it in Acumatica by hand",
        )


class CreditMemoTarget(_DocumentTarget):
    """Store refunds → credit memos against the order's invoice."""

    document_type = CREDIT_MEMO

    def __init__(self, fc: FlowContext, documents: StoreDocuments) -> None:
        super().__init__(fc, documents)
        self._customers: dict[str, str] = {}  # credit memo reference → its invoice's CustomerID, from the look-up
        self._lock = threading.Lock()

    def reference(self, record: LedgerRecord) -> str:
        return self._documents.refund_reference(record)

    def vet(self, record: LedgerRecord) -> LedgerRecord:
        """The order's ledger row, once the order is in Acumatica; until then the refund waits (costs no look-up)."""
        return posted_order(self._fc, self._documents, record, erp="Acumatica")

    def find_record(self, record: LedgerRecord, reference: str) -> str | None:
        """The credit memo by its reference, read in the same request as the invoice it credits (whose customer
        a new credit memo needs): one look-up per refund."""
        parent = self._fc.ledger.get(self._documents.order_key(self._documents.refund_order_id(record)))
        if parent is None or not parent.target_id:
            return self.find(reference)
        invoice = f"(Type eq {text_literal(INVOICE)} and ReferenceNbr eq {text_literal(parent.target_id)})"
        rows = self._fc.erp.find_entities(
            "SalesInvoice", f"{_by_reference(CREDIT_MEMO, reference)} or {invoice}", select=DOCUMENT_FIELDS
        )
        for row in rows:
            document = Unwrapped(row, "SalesInvoice")
            if document.text("Type") == INVOICE and document.text("ReferenceNbr") == parent.target_id:
                with self._lock:
                    self._customers[reference] = document.text("CustomerID") or ""
        return self._found(reference, rows)

    def create(self, record: LedgerRecord, reference: str) -> str:
        parent = self.vet(record)
        assert parent.target_id is not None
        refund = self._documents.refund(record, parent.payload)
        fields = credit_memo_fields(
            refund,
            reference=reference,
            customer_id=self.invoice_customer(reference, parent.target_id),
            invoice_nbr=parent.target_id,
            sku_by_line_id=self._documents.order_line_skus(parent.payload),
            erp=acumatica_erp(self._fc.tenant),
        )
        return self._put(fields)

    def body(
        self, record: LedgerRecord, reference: str, order_payload: dict[str, Any], invoice_nbr: str, customer_id: str
    ) -> dict[str, Any]:
        """The credit memo's fields against invoice ``invoice_nbr`` of the stored order (a dry run's plan)."""
        refund = self._documents.refund(record, order_payload)
        return credit_memo_fields(
            refund,
            reference=reference,
            customer_id=customer_id,
            invoice_nbr=invoice_nbr,
            sku_by_line_id=self._documents.order_line_skus(order_payload),
            erp=acumatica_erp(self._fc.tenant),
        )

    def invoice_customer(self, reference: str, invoice_nbr: str) -> str:
        """The customer of invoice ``invoice_nbr``, which the credit memo ``reference`` credits: read with the
        look-up, else now."""
        with self._lock:
            known = self._customers.pop(reference, None)
        if known:
            return known
        invoice = Unwrapped(self._fc.erp.get_entity("SalesInvoice", INVOICE, invoice_nbr), "SalesInvoice")
        customer_id = invoice.text("CustomerID")
        if not customer_id:
            raise MappingError(reference, f"Acumatica invoice {invoice_nbr} answered without a CustomerID")
        return customer_id


__all__ = ["WAITING_FOR_ORDER", "CreditMemoTarget", "CustomerDirectory", "InvoiceTarget", "ItemCatalog"]
