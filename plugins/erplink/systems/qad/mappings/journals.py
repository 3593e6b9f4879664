"""Canonical journal entries → QAD GL journal entry records (pure: no HTTP).

Journals travel over QAD's REST only, so this builds the record QAD takes, not a transport-neutral document: the
header (domain, daybook, posting date as QAD writes dates, currency, description, the external reference in the
custom slot the connection names, the customer when the entry has one) and one line per posting with its GL
account, sub-account and cost center (the line's own, else the tenant's) and either ``debitTC`` or ``creditTC``.
Every name here is an assumption the sandbox README lists.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from erplink.mappings.errors import MappingError
from erplink.models import JournalEntry, JournalLine
from erplink.systems.qad.mappings.qad_records import DATE_SUFFIX
from erplink.systems.qad.mappings.text import fit, money_text


def _line(line: JournalLine, number: int, *, sub_account: str | None, cost_center: str | None) -> dict[str, Any]:
    return {
        "lineNumber": number,
        "glAccountCode": line.account,
        "subAccountCode": line.sub_account or sub_account or "",
        "costCenterCode": line.cost_center or cost_center or "",
        "debitTC": money_text(line.debit),
        "creditTC": money_text(line.credit),
        "lineDescription": fit(line.memo, "description"),
    }


def _checked_cents(entry: JournalEntry, lines: list[dict[str, Any]]) -> None:
    """QAD keeps cents: a line that rounds to nothing, or sides that no longer balance once rounded, are refused here
    rather than posted wrong (the entry balances to the sixth place; QAD would refuse, or post, the rounded one)."""
    for line in lines:
        if Decimal(line["debitTC"]) == 0 and Decimal(line["creditTC"]) == 0:
            raise MappingError(
                entry.record_key, f"journal line {line['lineNumber']} on {line['glAccountCode']} rounds to 0.00"
            )
    debits = sum((Decimal(line["debitTC"]) for line in lines), Decimal(0))
    credits = sum((Decimal(line["creditTC"]) for line in lines), Decimal(0))
    if debits != credits:
        raise MappingError(
            entry.record_key,
            f"journal entry {entry.reference} does not balance in cents: debits {debits}, credits {credits}",
        )


def journal_entry_payload(
    entry: JournalEntry,
    *,
    domain: str,
    daybook: str,
    reference_field: str,
    sub_account: str | None = None,
    cost_center: str | None = None,
) -> dict[str, Any]:
    """The POST record of a QAD journal entry for ``entry`` in ``daybook``; ``reference_field`` is the custom slot
    the external reference is kept in, ``sub_account`` / ``cost_center`` the tenant's defaults for lines naming
    none."""
    lines = [
        _line(line, number, sub_account=sub_account, cost_center=cost_center)
        for number, line in enumerate(entry.lines, start=1)
    ]
    _checked_cents(entry, lines)
    record: dict[str, Any] = {
        "dataOperation": "C",
        "domainCode": domain,
        "daybookCode": daybook,
        "postingDate": entry.posting_date.isoformat() + DATE_SUFFIX,
        "currencyCode": entry.currency,
        "description": fit(entry.description, "description"),
        reference_field: entry.reference,
        "journalEntryLines": lines,
    }
    if entry.party:
        record["customerCode"] = entry.party
    return record
