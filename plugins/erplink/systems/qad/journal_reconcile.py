"""The ERP side of a reconciliation when a store's money is posted as QAD journal entries: each order's entries
under its reference (the sale, and a reversal ``-X…``, repost ``-S…`` or adjustment ``-A…`` of a later change, as
``erplink.flows.journal_targets`` posts them) netted into one document, and each refund's entry (``-R…``).

What the comparison calls an order's total is what the books say the shopper owes for it: the net of its sale-type
entries on the receivable account. That is the order total the sale debited, less what a reversal credited back,
plus what an adjustment added, so it follows every change the way the store's total does. The sum of the entries'
debits would not: a reversal or an adjustment debits other accounts too. Payments (``-P…``) credit the same
receivable and are no part of the sale, so they are not read. Tax and shipping are the nets credited to the tax and
shipping accounts (a tenant may share the shipping account with fees: lines a sale marks as another part of the
order, by the memo ``mappings/journals.py`` gives them, are left out of it); an order whose net is zero after a
reversal is cancelled. A refund's amount is its entry's debits (it pays out of the clearing account exactly what it
takes off sales and tax). Two entries under one reference (a copy keyed by hand) are summed and both named, so the
copy shows as a difference.

The journal browse is read once, in windows of its key (``BusinessDocuments.browse``), for the entries whose
reference starts as the period's references all do and posted from the day before the period (a sale is posted on
its order's date where the tenant keeps its books, which may be the UTC day before; changes come later). Only the
entries of the period's documents are then read with their lines, one request each.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from erplink.flows.context import FlowContext
from erplink.reconciliation import Amounts, ErpDocument
from erplink.systems.qad.config import qad_erp
from erplink.systems.qad.journal_book import JOURNAL_ENTRIES
from erplink.systems.qad.paging import browse_filter

CLOCK_MARGIN = timedelta(days=1)
REVERSAL, REPOST, ADJUSTMENT, PAYMENT, REFUND = "X", "S", "A", "P", "R"
SALE_CHANGES = frozenset({REVERSAL, REPOST, ADJUSTMENT})
_SUFFIXES = SALE_CHANGES | {PAYMENT, REFUND}
_ZERO = Decimal(0)
# The memos of a sale's lines by the part of the order they post (mappings/journals.py ``sale_entry``); a reversal
# keeps them. An adjustment's lines, and lines keyed by hand, name no part: they count for their account.
SALE_MEMOS = {"goods": "sales", "discounts": "discounts", "shipping": "shipping", "fees": "fees", "tax": "tax",
              "order total": "receivable", "rounding": "rounding"}  # fmt: skip


def _money(value: Any) -> Decimal:
    try:
        return Decimal(str(value if value not in (None, "") else "0"))
    except InvalidOperation:
        return _ZERO


@dataclass(frozen=True)
class PostedEntry:
    """A journal entry as QAD holds it: its number, reference, currency and each line's GL account, memo and
    signed amount (debit positive)."""

    number: str
    reference: str
    currency: str
    lines: tuple[tuple[str, str, Decimal], ...]

    def net(self, account: str | None, part: str | None = None) -> Decimal:
        """The net of ``account``; with ``part``, less the lines whose memo marks them as another part's."""

        def counts(memo: str) -> bool:
            return part is None or SALE_MEMOS.get(memo.strip().casefold(), part) == part

        return sum((amount for name, memo, amount in self.lines if name == account and counts(memo)), _ZERO)

    @property
    def debits(self) -> Decimal:
        return sum((amount for _name, _memo, amount in self.lines if amount > 0), _ZERO)


def split_reference(reference: str) -> tuple[str, str]:
    """``(the reference of the document it belongs to, its kind)``: a sale's own reference gives ``""``, a change,
    payment or refund of order ``BC-s-7`` (``BC-s-7-X1a2b``, ``-P12``, ``-R3``) gives ``("BC-s-7", "X")`` etc.
    Order ids are digits, so a last part starting with a letter is a suffix."""
    head, _, last = reference.rpartition("-")
    if head and len(last) > 1 and last[0] in _SUFFIXES:
        return head, last[0]
    return reference, ""


def _currency(entries: Iterable[PostedEntry]) -> str:
    # Entries of one document in different currencies are shown as all of them: the store's currency differs.
    return "/".join(sorted({entry.currency for entry in entries}))


def _numbers(entries: Iterable[PostedEntry]) -> str:
    return ", ".join(sorted(entry.number for entry in entries))


def documents_from_entries(
    entries: Iterable[PostedEntry], *, receivable: str, tax: str | None, shipping: str | None
) -> dict[str, ErpDocument]:
    """The ERP document of each order (its sale-type entries netted) and of each refund, by reference."""
    sales: dict[str, list[tuple[str, PostedEntry]]] = defaultdict(list)
    refunds: dict[str, list[PostedEntry]] = defaultdict(list)
    for entry in entries:
        owner, kind = split_reference(entry.reference)
        if kind == "" or kind in SALE_CHANGES:
            sales[owner].append((kind, entry))
        elif kind == REFUND:
            refunds[entry.reference].append(entry)
    found: dict[str, ErpDocument] = {}
    for reference, posted in sales.items():
        books = [entry for _kind, entry in posted]
        total = sum((entry.net(receivable) for entry in books), _ZERO)
        originals = [entry for kind, entry in posted if kind == ""] or books
        found[reference] = ErpDocument(
            reference=reference, number=_numbers(originals), currency=_currency(books),
            amounts=Amounts(total=total, tax=-sum((entry.net(tax, "tax") for entry in books), _ZERO),
                            shipping=-sum((entry.net(shipping, "shipping") for entry in books), _ZERO)),
            cancelled=total == 0 and any(kind == REVERSAL for kind, _entry in posted),
        )  # fmt: skip
    for reference, posted_refunds in refunds.items():
        found[reference] = ErpDocument(
            reference=reference, number=_numbers(posted_refunds), currency=_currency(posted_refunds),
            amounts=Amounts(total=sum((entry.debits for entry in posted_refunds), _ZERO)),
        )  # fmt: skip
    return found


def posted_entry(record: Mapping[str, Any], *, number: str, reference: str, currency: str) -> PostedEntry:
    """A journal entry record as QAD's ``journalEntries`` GET answers it."""
    lines = tuple(
        (
            str(line.get("glAccountCode") or ""),
            str(line.get("lineDescription") or ""),
            _money(line.get("debitTC")) - _money(line.get("creditTC")),
        )
        for line in record.get("journalEntryLines") or []
        if isinstance(line, Mapping)
    )
    return PostedEntry(number=number, reference=reference, currency=str(record.get("currencyCode") or currency),
                       lines=lines)  # fmt: skip


def common_start(references: Collection[str]) -> str:
    """What every one of ``references`` starts with (at least the store's ``<prefix>-<store key>-``)."""
    first, last = min(references), max(references)
    length = next((i for i, (a, b) in enumerate(zip(first, last, strict=False)) if a != b), min(len(first), len(last)))
    return first[:length]


def entries_of(fc: FlowContext, since: datetime, references: Collection[str]) -> list[PostedEntry]:
    """The entries posted since the day before ``since`` for these documents (orders and refunds, by reference):
    each order's sale-type entries and each refund's entry, with their lines."""
    wanted = set(references)
    if not wanted:
        return []
    hook = fc.erp
    column = hook.endpoints.column
    number_column, reference_column = column("journal_entry.number"), column("journal_entry.reference")
    currency_column = column("journal_entry.currency")
    filters = [
        browse_filter(reference_column, "sw", common_start(wanted)),
        browse_filter(column("journal_entry.posting_date"), "ge", (since - CLOCK_MARGIN).date().isoformat()),
    ]
    entries: list[PostedEntry] = []
    for row in hook.documents.browse("journal_entries", filters):
        reference, number = str(row.get(reference_column) or ""), str(row.get(number_column) or "")
        owner, kind = split_reference(reference)
        if not number or kind == PAYMENT or (reference if kind == REFUND else owner) not in wanted:
            continue
        record = hook.get(JOURNAL_ENTRIES, number)
        entries.append(posted_entry(record, number=number, reference=reference,
                                    currency=str(row.get(currency_column) or "")))  # fmt: skip
    return entries


def erp_documents(fc: FlowContext, since: datetime, references: Collection[str]) -> dict[str, ErpDocument]:
    """The QAD documents of these store documents (orders and refunds, by reference) of a period from ``since``."""
    accounts = qad_erp(fc.tenant).accounts
    if not accounts.receivable:
        raise ValueError("erp.accounts.receivable is not set: an order's total in the books is its receivable")
    return documents_from_entries(
        entries_of(fc, since, references), receivable=accounts.receivable, tax=accounts.tax, shipping=accounts.shipping
    )
