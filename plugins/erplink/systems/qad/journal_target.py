"""Load target for QAD GL journal entries: one posted journal entry per ledger record, found by its reference before
any post.

The integration hands in how a record becomes a ``JournalEntry`` (``build``); this target refuses what cannot be
posted before QAD is asked (an entry that cannot be built, a daybook or GL account setting left unset), looks the
reference up in QAD's journal entry browse, and posts. It takes no updates: a posted journal entry is never
changed (the integration posts a reversal instead). QAD's own refusals (a closed period, an unknown account...) are
``SubmitRefused``, which the load protocol quarantines with QAD's field and message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from erplink.flows.context import FlowContext
from erplink.ledger import LedgerRecord
from erplink.load.errors import MappingError
from erplink.models import JournalEntry
from erplink.systems.qad.config import QadAccounts, qad_erp
from erplink.systems.qad.journal_book import JOURNAL_ENTRIES, QadJournalBook


class AccountNotSet(Exception):
    """An entry needs the GL account of a tenant setting that is not set; ``setting`` names it (``sales``...)."""

    def __init__(self, setting: str) -> None:
        super().__init__(f"erp.accounts.{setting} is not set")
        self.setting = setting


def required_account(accounts: QadAccounts, setting: str) -> str:
    """The GL account of ``setting`` (a field of ``QadAccounts``), or ``AccountNotSet`` for a builder to raise."""
    account = getattr(accounts, setting)
    if not isinstance(account, str) or not account:
        raise AccountNotSet(setting)
    return account


def _described(exc: ValueError) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(str(error["msg"]) for error in exc.errors())
    return str(exc)


class JournalTarget:
    """Ledger records → QAD GL journal entries, through ``build``."""

    def __init__(self, fc: FlowContext, build: Callable[[LedgerRecord], JournalEntry]) -> None:
        self._fc = fc
        self._build = build
        self._book = QadJournalBook(fc)

    def _entry(self, record: LedgerRecord) -> JournalEntry:
        """The record's entry; what keeps it from being one is the record's reason (``MappingError``)."""
        try:
            return self._build(record)
        except AccountNotSet as exc:
            raise MappingError(
                record.key,
                f"erp.accounts.{exc.setting} is not set in the tenant's entry: it names the QAD GL account this "
                "entry posts to; set it, then replay the record",
            ) from None
        except ValueError as exc:  # the entry itself refused what was built (unbalanced, a line with both sides)
            raise MappingError(record.key, f"cannot become a QAD journal entry: {_described(exc)}") from None

    def _daybook(self, record: LedgerRecord) -> str:
        daybook = qad_erp(self._fc.tenant).accounts.daybook
        if not daybook:
            raise MappingError(
                record.key,
                "erp.accounts.daybook is not set in the tenant's entry: it names the QAD daybook journal entries "
                "are posted in; set it, then replay the record",
            )
        return daybook

    def reference(self, record: LedgerRecord) -> str:
        return self._entry(record).reference

    def vet(self, record: LedgerRecord) -> JournalEntry:
        """The entry, or the reason it cannot be posted. Reads nothing from QAD."""
        self._daybook(record)
        return self._entry(record)

    def find(self, reference: str) -> str | None:
        return self._book.find(reference)

    def payload(self, record: LedgerRecord, reference: str) -> dict[str, Any]:
        """The POST record of the record's journal entry, carrying ``reference`` (the one the protocol looked up)."""
        return self._book.payload(self._carrying(record, reference), daybook=self._daybook(record))

    def create(self, record: LedgerRecord, reference: str) -> str:
        return self._book.post(self._carrying(record, reference), daybook=self._daybook(record))

    def _carrying(self, record: LedgerRecord, reference: str) -> JournalEntry:
        entry = self._entry(record)
        return entry if entry.reference == reference else entry.model_copy(update={"reference": reference})


__all__ = ["JOURNAL_ENTRIES", "AccountNotSet", "JournalTarget", "required_account"]
