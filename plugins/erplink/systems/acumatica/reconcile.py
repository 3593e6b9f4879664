"""The ERP side of a reconciliation: Acumatica AR invoices and credit memos (``SalesInvoice`` documents of type
``Invoice`` and ``Credit Memo``) by the external reference each carries in ``CustomerOrder``, with what Acumatica
holds for them: an invoice's ``Amount``, ``TaxTotal`` and shipping (``FreightPrice``, or the lines on the shipping
item when shipping is invoiced as a line); a credit memo's ``Amount``.

Read as one list per document type, of the documents modified since the period's start less a day (for clocks
that disagree): a document filed for a store document of the period was made after that document, so every one
of them is in those lists. The lists are read by ranges of modification stamps (``iter_entities``), never with
``$skip``: the API defines no order, and a ``$skip`` walk repeats some documents and misses others.

References are matched as Acumatica compares text, whatever their case (the load's look-up does the same). Two
open documents of one type under one reference (a copy keyed by hand) are reported as one whose amounts are
their sum and whose number names both, so the store's document differs from what Acumatica holds for it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime, timedelta
from decimal import Decimal

from erplink.flows.context import FlowContext
from erplink.reconciliation import Amounts, ErpDocument
from erplink.systems.acumatica.config import AcumaticaErp, acumatica_erp
from erplink.systems.acumatica.mappings.sales import CREDIT_MEMO, INVOICE, REFERENCE_FIELD
from erplink.systems.acumatica.paging import text_literal
from erplink.systems.acumatica.values import Unwrapped
from erplink.windows import Window

CLOCK_MARGIN = timedelta(days=1)
# The read has no upper bound of its own: a document changed after the period is still the period's document.
FAR_AHEAD = timedelta(days=36500)
# A voided or cancelled document no longer counts in Acumatica's books.
CANCELLED_STATUSES = ("Voided", "Canceled")
CENT = Decimal("0.01")
DOCUMENT_FIELDS = f"Type,ReferenceNbr,Status,Currency,{REFERENCE_FIELD},Amount,TaxTotal,FreightPrice"
LINE_FIELDS = "Details/InventoryID,Details/Amount"


class DocumentsByReference(Mapping[str, ErpDocument]):
    """ERP documents by external reference, found whatever the reference's case (as Acumatica compares text)."""

    def __init__(self) -> None:
        self._documents: dict[str, ErpDocument] = {}

    def add(self, document: ErpDocument) -> None:
        key = document.reference.casefold()
        found = self._documents.get(key)
        self._documents[key] = document if found is None else _together(found, document)

    def __getitem__(self, reference: str) -> ErpDocument:
        return self._documents[reference.casefold()]

    def __iter__(self) -> Iterator[str]:
        return (document.reference for document in self._documents.values())

    def __len__(self) -> int:
        return len(self._documents)


def erp_documents(fc: FlowContext, since: datetime) -> DocumentsByReference:
    """Invoices and credit memos modified since the period's start (less the margin), by their reference."""
    erp = acumatica_erp(fc.tenant)
    start = since - CLOCK_MARGIN
    found = DocumentsByReference()
    for document_type in (INVOICE, CREDIT_MEMO):
        lines = document_type == INVOICE and _shipping_item(erp) is not None
        rows = fc.erp.iter_entities(
            "SalesInvoice",
            window=Window(start, start + FAR_AHEAD),
            filter=f"Type eq {text_literal(document_type)}",
            select=f"{DOCUMENT_FIELDS},{LINE_FIELDS}" if lines else DOCUMENT_FIELDS,
            expand="Details" if lines else None,
            key_field="ReferenceNbr",  # unique within one document type
        )
        for row in rows:
            document = Unwrapped(row, "SalesInvoice")
            reference = document.text(REFERENCE_FIELD)
            if not reference or document.text("Type") != document_type:
                continue
            amounts = invoice_amounts(document, erp) if document_type == INVOICE else credit_memo_amounts(document)
            found.add(ErpDocument(
                reference=reference, number=document.text("ReferenceNbr") or "?",
                currency=(document.text("Currency") or "").upper(), amounts=amounts,
                cancelled=document.text("Status") in CANCELLED_STATUSES,
            ))  # fmt: skip
    return found


def invoice_amounts(document: Unwrapped, erp: AcumaticaErp) -> Amounts:
    """An invoice's amount and tax total, and its shipping as the tenant enters it (see ``invoice_fields``)."""
    return Amounts(
        total=_money(document.decimal("Amount")),
        tax=_money(document.decimal("TaxTotal")),
        shipping=_shipping(document, erp),
    )


def credit_memo_amounts(document: Unwrapped) -> Amounts:
    """A credit memo's amount: its goods, the money refunded without goods, and its tax."""
    return Amounts(total=_money(document.decimal("Amount")))


def _shipping_item(erp: AcumaticaErp) -> str | None:
    """The item shipping is invoiced on as a line; None in freight mode, or when the item also takes the fees
    (the lines could not be told apart)."""
    if erp.shipping.mode != "line" or not erp.shipping.line_item:
        return None
    item = erp.shipping.line_item
    return None if erp.charges_item and erp.charges_item.casefold() == item.casefold() else item


def _shipping(document: Unwrapped, erp: AcumaticaErp) -> Decimal | None:
    if erp.shipping.mode == "freight":
        return _money(document.decimal("FreightPrice"))
    item = _shipping_item(erp)
    if item is None:
        return None  # not recorded apart from the fees: not compared
    lines = [
        line for line in document.details("Details") if (line.text("InventoryID") or "").casefold() == item.casefold()
    ]
    return _money(sum((line.decimal("Amount") or Decimal(0) for line in lines), Decimal(0)))


def _money(value: Decimal | None) -> Decimal:
    """Acumatica keeps four places; shown in cents when that loses nothing (``25.0000`` → ``25.00``)."""
    amount = value if value is not None else Decimal(0)
    in_cents = amount.quantize(CENT)
    return in_cents if in_cents == amount else amount


def _together(first: ErpDocument, second: ErpDocument) -> ErpDocument:
    """What Acumatica holds under one reference when two documents carry it: the open ones count."""
    if first.cancelled != second.cancelled:
        return second if first.cancelled else first
    currencies = sorted({first.currency, second.currency})

    def both(a: Decimal | None, b: Decimal | None) -> Decimal | None:
        return None if a is None or b is None else a + b

    return ErpDocument(
        reference=first.reference,
        number=f"{first.number}, {second.number}",
        currency="/".join(currencies),
        amounts=Amounts(
            total=first.amounts.total + second.amounts.total,
            tax=both(first.amounts.tax, second.amounts.tax),
            shipping=both(first.amounts.shipping, second.amounts.shipping),
        ),
        cancelled=first.cancelled,
    )
