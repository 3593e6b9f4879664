"""QAD's general ledger as the core's journal targets use it (``erplink.flows.journal_targets.JournalBook``): find an
entry by its external reference, post one in the tenant's daybook."""

from __future__ import annotations

from typing import Any

from erplink.flows.context import FlowContext
from erplink.models import JournalEntry
from erplink.systems.qad.config import qad_erp
from erplink.systems.qad.mappings.journals import journal_entry_payload

JOURNAL_ENTRIES = "journal-entries"


class QadJournalBook:
    def __init__(self, fc: FlowContext) -> None:
        self._fc = fc

    def find(self, reference: str) -> str | None:
        doc = self._fc.erp.find_by_external_ref(JOURNAL_ENTRIES, reference)
        return str(doc["journalEntryNumber"]) if doc else None

    def payload(self, entry: JournalEntry, *, daybook: str) -> dict[str, Any]:
        """The QAD record of ``entry``, posted in ``daybook``."""
        accounts, erp = qad_erp(self._fc.tenant).accounts, self._fc.erp
        return journal_entry_payload(
            entry, domain=erp.domain, daybook=daybook, reference_field=erp.journal_reference_field,
            sub_account=accounts.sub_account, cost_center=accounts.cost_center,
        )  # fmt: skip

    def post(self, entry: JournalEntry, *, daybook: str | None = None) -> str:
        daybook = daybook or qad_erp(self._fc.tenant).accounts.daybook
        if not daybook:
            raise ValueError("erp.accounts.daybook is not set")  # the tenant model of a journal integration requires it
        created = self._fc.erp.create(JOURNAL_ENTRIES, self.payload(entry, daybook=daybook))
        number = str(created["journalEntryNumber"])
        self._fc.log.info("posted QAD journal entry %s for %s", number, entry.reference)
        return number
