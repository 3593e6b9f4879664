"""The QAD hook's journal entries against the served QAD sandbox: posted, read back by number, found by reference
(each entry once, the lowest number when QAD holds several), QAD's refusal raised with its field and message, and
Test Connection checking the journal entry document and browse too."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from erplink.http.errors import NotFoundError
from erplink.models import JournalEntry, JournalKind, JournalLine
from erplink.systems.qad.business_documents import SubmitRefused
from erplink.systems.qad.hooks.qad import QadHook
from erplink.systems.qad.mappings.journals import journal_entry_payload

Connect = Callable[..., QadHook]
JOURNALS = "journal-entries"


def _record(hook: QadHook, reference: str, *, revenue_account: str = "4000") -> dict[str, Any]:
    entry = JournalEntry(
        kind=JournalKind.SALE, reference=reference, record_key=f"order {reference}", posting_date=date.today(),
        currency="USD", description=f"Store order {reference}",
        lines=(JournalLine(account="1200", debit=Decimal("20.00"), memo="receivable"),
               JournalLine(account=revenue_account, credit=Decimal("20.00"), memo="sales")),
    )  # fmt: skip
    return journal_entry_payload(
        entry, domain=hook.domain, daybook="WEBJNL", reference_field=hook.journal_reference_field
    )


def test_a_posted_entry_is_numbered_found_by_its_reference_and_read_by_its_number(connect: Connect) -> None:
    hook = connect()
    assert hook.find_by_external_ref(JOURNALS, "BC-hook-1-SALE") is None
    created = hook.create(JOURNALS, _record(hook, "BC-hook-1-SALE"))
    number = created["journalEntryNumber"]
    assert number.startswith(f"WEBJNL/{date.today().year}/")
    assert hook.find_by_external_ref(JOURNALS, "BC-hook-1-SALE") == {
        "journalEntryNumber": number, "externalRef": "BC-hook-1-SALE"}  # fmt: skip
    read = hook.get(JOURNALS, number)
    assert read["customShort0"] == "BC-hook-1-SALE"
    assert [line["debitTC"] for line in read["journalEntryLines"]] == [20, 0]


def test_two_entries_with_one_reference_are_found_as_the_lowest_number(connect: Connect) -> None:
    hook = connect()
    numbers = [hook.create(JOURNALS, _record(hook, "BC-hook-2-SALE"))["journalEntryNumber"] for _ in range(2)]
    for _ in range(3):  # each browse answers in a new order
        assert hook.find_by_external_ref(JOURNALS, "BC-hook-2-SALE") == {
            "journalEntryNumber": min(numbers), "externalRef": "BC-hook-2-SALE"}  # fmt: skip


def test_a_number_qad_does_not_have_is_not_found(connect: Connect) -> None:
    with pytest.raises(NotFoundError):
        connect().get(JOURNALS, "WEBJNL/1999/000001")


def test_a_refused_entry_raises_qads_field_and_message(connect: Connect) -> None:
    hook = connect()
    with pytest.raises(SubmitRefused) as refused:
        hook.create(JOURNALS, _record(hook, "BC-hook-3-SALE", revenue_account="4999"))
    assert refused.value.fields == ("glAccountCode",)
    assert "glAccountCode: Line 2: GL account 4999 does not exist" in str(refused.value.vendor_message)
