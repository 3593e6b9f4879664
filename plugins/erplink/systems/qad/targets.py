"""Load targets for QAD: sales orders and credit memos, with the customer and item look-ups they need.

Each target is the `TargetAdapter` of the load protocol: a deterministic reference, a look-up by that reference
before any create, and the create itself. Everything that can be known to fail is checked before QAD is asked
to create anything, so an order is never half-posted. The store's documents are read through the store side's
`StoreDocuments` the integration hands in: QAD knows no store.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from erplink.flows.context import FlowContext
from erplink.http.errors import NotFoundError, PermanentApiError
from erplink.ledger import LedgerRecord
from erplink.load.errors import MappingError, NothingToUpdate, NotLoadable
from erplink.load.order_checks import WAITING_FOR_ORDER, counts_as_sale, posted_order, received_order, vet_sale
from erplink.mappings.references import customer_reference
from erplink.models import Customer, Order
from erplink.sides import StoreDocuments
from erplink.systems.qad.config import qad_erp
from erplink.systems.qad.mappings.sales import (
    credit_memo_payload,
    customer_payload,
    sales_order_payload,
    sales_order_update_payload,
    unknown_skus,
)
from erplink.systems.qad.mappings.sales_changes import FieldChange, SalesOrderChanges, sales_order_changes


class ItemCatalog:
    """Which SKUs are QAD items, asked once per SKU per run (thread-safe)."""

    def __init__(self, fc: FlowContext) -> None:
        self._fc = fc
        self._known: dict[str, bool] = {}
        self._lock = threading.Lock()

    def prefetch(self, skus: Iterable[str]) -> None:
        wanted = {s for s in skus if s} - self._known.keys()
        if not wanted:
            return
        found = self._fc.erp.items_by_numbers(wanted)
        with self._lock:
            for sku in wanted:
                item = found.get(sku)
                self._known[sku] = bool(item) and item.get("status", "ACTIVE") == "ACTIVE"

    def known(self, skus: Iterable[str]) -> set[str]:
        skus = set(skus)
        self.prefetch(skus)
        return {s for s in skus if self._known.get(s)}


class CustomerDirectory:
    """Finds or creates the QAD customer of a store customer; matches are cached for the run.

    Matching follows the tenant's rule (email first by default, then the customer's external reference). A
    crash between creating a customer and creating its order is harmless: the next run finds the customer by
    email or reference instead of creating another.
    """

    def __init__(self, fc: FlowContext) -> None:
        self._fc = fc
        self._codes: dict[str, str] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._locks_guard = threading.Lock()

    def code_for(self, order: Order) -> str:
        customer = order.customer
        reference = self._reference(order)
        # Parallel workers must not create one customer twice. A customer is found by email or by reference,
        # so a look-up holds both locks: one per email (a guest and a registered customer sharing an email
        # meet there) and one per reference (a registered customer whose email changed meets there). Email
        # locks are always taken before reference locks, so two workers can never wait on each other.
        # Different customers are still looked up at the same time. The cache is keyed by reference: two
        # store customers sharing an email stay apart when the tenant matches on the reference first.
        with self._locks_guard:
            by_email = self._locks.setdefault(f"email:{customer.email}", threading.Lock())
            by_reference = self._locks.setdefault(f"ref:{reference}", threading.Lock())
        with by_email, by_reference:
            cached = self._codes.get(reference)
            if cached:
                return cached
            code = self._match(customer, reference) or self._create(order, reference)
            self._codes[reference] = code
            return code

    def existing(self, order: Order) -> tuple[str, str | None]:
        """The customer's reference and its QAD code when QAD already has it (reads only: a dry run's look-up)."""
        reference = self._reference(order)
        return reference, self._codes.get(reference) or self._match(order.customer, reference)

    def _reference(self, order: Order) -> str:
        """The external reference of the order's customer, in the order's store's reference scheme."""
        return customer_reference(order.reference_prefix, self._fc.tenant.store.store_key, order.customer)

    @staticmethod
    def new_customer(order: Order, reference: str) -> dict[str, Any]:
        """The POST body of the QAD customer the order's customer becomes when QAD has none."""
        return customer_payload(
            order.customer, reference=reference, bill_to=order.billing_address,
            ship_to=order.shipping_address or order.billing_address, currency=order.currency,
        )  # fmt: skip

    def _match(self, customer: Customer, reference: str) -> str | None:
        erp = self._fc.erp
        for rule in self._fc.tenant.orders.customer_match:
            if rule == "email":
                found = erp.customers_by_email(customer.email)
                if found:
                    by_email: str = found[0]["customerCode"]
                    return by_email
            elif rule == "external_ref":
                doc = erp.find_by_external_ref("customers", reference)
                if doc:
                    by_reference: str = doc["customerCode"]
                    return by_reference
        return None

    def _create(self, order: Order, reference: str) -> str:
        created = self._fc.erp.create("customers", self.new_customer(order, reference))
        code: str = created["customerCode"]
        self._fc.log.info("created QAD customer %s for %s", code, reference)
        return code


@dataclass(frozen=True)
class OrderChange:
    """What a store change of an order asks of its QAD order: ``none``, ``cancel`` or ``update`` (with ``body``).

    ``changes`` are the fields that changed; None when the order QAD received could not be read to compare.
    """

    action: str
    body: dict[str, Any] | None = None
    changes: SalesOrderChanges | None = field(default_factory=SalesOrderChanges)
    reason: str = ""


class SalesOrderTarget:
    """Store orders → QAD sales orders."""

    def __init__(
        self,
        fc: FlowContext,
        documents: StoreDocuments,
        items: ItemCatalog | None = None,
        customers: CustomerDirectory | None = None,
    ):
        self._fc = fc
        self._documents = documents
        self._items = items or ItemCatalog(fc)
        self._customers = customers or CustomerDirectory(fc)

    def reference(self, record: LedgerRecord) -> str:
        return self._documents.order_reference(record)

    def find(self, reference: str) -> str | None:
        doc = self._fc.erp.find_by_external_ref("sales-orders", reference)
        return doc["orderNumber"] if doc else None

    def find_record(self, record: LedgerRecord, reference: str) -> str | None:
        """The QAD order this store order is already in: the one its write-back marker names, else by reference.

        A marker on an order the ledger never sent means the ledger lost its row (restored from an old backup, a
        new ledger database) or the order was keyed into QAD by hand and marked: linking it is what keeps the
        order from reaching QAD twice. A marker naming an order QAD does not have is stale and ignored; one naming
        an order QAD holds for another store order is a conflict for a person.
        """
        marked = self._marked_order(record, reference)
        if marked:
            try:
                doc = self._fc.erp.get("sales-orders", marked)
            except NotFoundError:
                self._fc.log.warning(
                    "%s: its marker names QAD order %s, which QAD does not have; looking it up by %s instead",
                    record.key,
                    marked,
                    reference,
                )
            else:
                owner = doc.get("externalRef")
                if owner and owner != reference:
                    raise MappingError(
                        record.key,
                        f"its marker names QAD order {marked}, which QAD holds for "
                        f"{owner}; correct the marker or the QAD order, then replay the order",
                    )
                return doc.get("orderNumber") or marked
        return self.find(reference)

    def _marked_order(self, record: LedgerRecord, reference: str) -> str | None:
        """The QAD order number the order's marker names; None when there is none or it cannot be read.

        The marker only shortens the search: an unreadable one (not text, blank, two different values) is logged and
        the look-up by reference, which guards every create anyway, decides. It never holds a good order back.
        """
        try:
            return self._documents.erp_reference_in_marker(record)
        except MappingError as exc:
            self._fc.log.warning(
                "%s: write-back marker ignored (%s); looking it up by %s", record.key, exc.reason, reference
            )
            return None

    def vet(self, record: LedgerRecord) -> Order:
        """The order, or the reason it cannot (yet) be posted. Reads QAD's items, writes nothing."""
        return vet_sale(
            self._fc,
            self._documents,
            record,
            unknown_skus=lambda order: unknown_skus(order, self._items.known(order.skus)),
            unknown="SKUs unknown to QAD",
            fix="add the items in QAD",
        )

    def prepare(self, record: LedgerRecord, reference: str) -> dict[str, Any]:
        """The POST body, or the reason the order cannot (yet) be posted."""
        order = self.vet(record)
        return self.body(order, reference, self._customers.code_for(order))

    def body(self, order: Order, reference: str, customer_code: str) -> dict[str, Any]:
        return sales_order_payload(
            order,
            reference=reference,
            customer_code=customer_code,
            site=qad_erp(self._fc.tenant).site,
            currency=order.currency,
        )

    def create(self, record: LedgerRecord, reference: str) -> str:
        created = self._fc.erp.create("sales-orders", self.prepare(record, reference))
        number: str = created["orderNumber"]
        return number

    def change(self, record: LedgerRecord, target_id: str) -> OrderChange:
        """What a store change of an order already in QAD asks of QAD, judged against the order as QAD received it.

        Only what QAD holds counts (see ``sales_order_changes``): a change of status alone, or a refund (a credit
        memo of its own), asks nothing. Raises the reason when the change cannot be applied. Reads QAD's items,
        writes nothing.
        """
        order = self._documents.order(record)
        before = order if record.applied_payload is None else self._order_received(record)
        cancelled = self._documents.cancelled_statuses
        was_cancelled = before is not None and before.status in cancelled
        if order.status in cancelled:
            if was_cancelled:
                return OrderChange("none", reason=f"still {order.status!r}; QAD order {target_id} is cancelled")
            status = FieldChange("status", before.status if before else None, order.status)
            return OrderChange("cancel", changes=SalesOrderChanges(substantive=(status,)))
        if was_cancelled:
            assert before is not None
            raise MappingError(
                record.key,
                f"{FieldChange('status', before.status, order.status)}, but QAD order "
                f"{target_id} is cancelled and cannot be reopened; enter the order in QAD again by "
                "hand if it stands",
            )
        changes = sales_order_changes(before, order) if before is not None else None
        if changes is not None and not changes:
            return OrderChange("none", reason=f"nothing QAD holds changed (the store's status is {order.status!r})")
        if not counts_as_sale(self._fc, self._documents, order.status):
            raise NotLoadable(f"now {order.status!r} in the store; QAD order {target_id} left as it is")
        missing = unknown_skus(order, self._items.known(order.skus))
        if missing:
            raise MappingError(record.key, f"changed order names SKUs unknown to QAD: {', '.join(missing)}")
        return OrderChange("update", sales_order_update_payload(order, currency=order.currency), changes)

    def _order_received(self, record: LedgerRecord) -> Order | None:
        """The order as QAD last received it (the ledger keeps it); None when that version can no longer be read."""
        try:
            return received_order(self._documents, record)
        except MappingError as exc:
            self._fc.log.warning(
                "%s: the version QAD received cannot be read (%s); every field is sent again", record.key, exc.reason
            )
            return None

    def update(self, record: LedgerRecord, target_id: str) -> str | None:
        """Apply a change of an order already in QAD: cancel it, or bring an OPEN order in line; nothing when no
        field QAD holds changed."""
        change = self.change(record, target_id)
        if change.action == "none":
            raise NothingToUpdate(f"{record.key}: {change.reason}")
        erp = self._fc.erp
        try:
            if change.action == "cancel":
                erp.cancel_sales_order(target_id)
            else:
                assert change.body is not None
                erp.update("sales-orders", target_id, change.body)
        except PermanentApiError as exc:
            if exc.status != 409:
                raise
            # QAD no longer takes changes (shipped, invoiced or closed; or the amended total is below the credits).
            if change.changes is not None and not change.changes.substantive:
                self._fc.log.info(
                    "%s: QAD order %s takes no changes (%s); the store's %s changed, which matters no more now",
                    record.key,
                    target_id,
                    exc.code,
                    ", ".join(c.field for c in change.changes.informational),
                )
                raise NothingToUpdate(f"{record.key}: only informational fields changed") from exc
            what = (
                change.changes.describe()
                if change.changes is not None
                else "the store changed the order after QAD received it (its earlier version cannot be read to "
                "tell what changed)"
            )
            raise MappingError(
                record.key,
                f"QAD order {target_id} no longer takes changes ({exc.code}: "
                f"{exc.vendor_message or exc.status}); {what}; apply it in QAD by hand",
            ) from exc
        return target_id


class CreditMemoTarget:
    """Store refunds → QAD credit memos against the order's sales order."""

    def __init__(self, fc: FlowContext, documents: StoreDocuments):
        self._fc = fc
        self._documents = documents

    def reference(self, record: LedgerRecord) -> str:
        return self._documents.refund_reference(record)

    def find(self, reference: str) -> str | None:
        doc = self._fc.erp.find_by_external_ref("credit-memos", reference)
        return doc["creditMemoNumber"] if doc else None

    def vet(self, record: LedgerRecord) -> LedgerRecord:
        """The order's ledger row, once the order is in QAD; until then the refund waits (costs no look-up)."""
        return posted_order(self._fc, self._documents, record, erp="QAD")

    def prepare(self, record: LedgerRecord, reference: str) -> dict[str, Any]:
        parent = self.vet(record)
        assert parent.target_id is not None
        return self.body(record, reference, parent.payload, parent.target_id)

    def body(
        self, record: LedgerRecord, reference: str, order_payload: dict[str, Any], sales_order_number: str
    ) -> dict[str, Any]:
        """The credit memo's POST body against the QAD order ``sales_order_number`` of the stored order."""
        refund = self._documents.refund(record, order_payload)
        return credit_memo_payload(
            refund,
            reference=reference,
            sales_order_number=sales_order_number,
            sku_by_line_id=self._documents.order_line_skus(order_payload),
        )

    def create(self, record: LedgerRecord, reference: str) -> str:
        created = self._fc.erp.create("credit-memos", self.prepare(record, reference))
        number: str = created["creditMemoNumber"]
        return number


__all__ = [
    "WAITING_FOR_ORDER",
    "CreditMemoTarget",
    "CustomerDirectory",
    "ItemCatalog",
    "OrderChange",
    "SalesOrderTarget",
]
