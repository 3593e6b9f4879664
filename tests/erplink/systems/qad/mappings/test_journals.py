"""Canonical journal entries → QAD GL journal entry records: QAD's header and line fields, money as two-place
decimals, the reference in the configured slot, a line's own sub-account and cost center over the tenant's, and
amounts that no longer balance (or vanish) once rounded to cents refused with the record's key."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from erplink.load.errors import MappingError
from erplink.models import JournalEntry, JournalKind, JournalLine
from erplink.systems.qad.mappings.journals import journal_entry_payload


def _entry(*lines: JournalLine, **changes: Any) -> JournalEntry:
    fields: dict[str, Any] = {
        "kind": JournalKind.SALE, "reference": "BC-shop-1042-SALE", "record_key": "order 1042",
        "posting_date": date(2026, 1, 5), "currency": "USD", "description": "Store order 1042",
        "lines": lines or (
            JournalLine(account="1200", debit=Decimal("113.25"), memo="Order 1042 receivable"),
            JournalLine(account="4000", credit=Decimal("100"), memo="Order 1042 sales", cost_center="RETAIL"),
            JournalLine(account="2200", credit=Decimal("13.25"), memo="Order 1042 tax", sub_account="200"),
        ),
        **changes,
    }  # fmt: skip
    return JournalEntry(**fields)


def _payload(entry: JournalEntry, **changes: Any) -> dict[str, Any]:
    arguments: dict[str, Any] = {"domain": "10USA", "daybook": "WEBJNL", "reference_field": "customShort0",
                                 "sub_account": "100", "cost_center": "WEB", **changes}  # fmt: skip
    return journal_entry_payload(entry, **arguments)


def test_an_entry_becomes_a_journal_entry_record_with_one_line_per_posting() -> None:
    assert _payload(_entry(party="C000017")) == {
        "dataOperation": "C", "domainCode": "10USA", "daybookCode": "WEBJNL",
        "postingDate": "2026-01-05T00:00:00.000Z", "currencyCode": "USD", "description": "Store order 1042",
        "customShort0": "BC-shop-1042-SALE", "customerCode": "C000017",
        "journalEntryLines": [
            {"lineNumber": 1, "glAccountCode": "1200", "subAccountCode": "100", "costCenterCode": "WEB",
             "debitTC": "113.25", "creditTC": "0.00", "lineDescription": "Order 1042 receivable"},
            {"lineNumber": 2, "glAccountCode": "4000", "subAccountCode": "100", "costCenterCode": "RETAIL",
             "debitTC": "0.00", "creditTC": "100.00", "lineDescription": "Order 1042 sales"},
            {"lineNumber": 3, "glAccountCode": "2200", "subAccountCode": "200", "costCenterCode": "WEB",
             "debitTC": "0.00", "creditTC": "13.25", "lineDescription": "Order 1042 tax"},
        ],
    }  # fmt: skip


def test_the_reference_goes_to_the_configured_slot_and_no_customer_field_without_a_party() -> None:
    payload = _payload(_entry(), reference_field="customShort3", sub_account=None, cost_center=None)
    assert payload["customShort3"] == "BC-shop-1042-SALE" and "customShort0" not in payload
    assert "customerCode" not in payload
    assert [(line["subAccountCode"], line["costCenterCode"]) for line in payload["journalEntryLines"]] == [
        ("", ""), ("", "RETAIL"), ("200", "")]  # fmt: skip


def test_long_descriptions_are_cut_to_qads_length() -> None:
    payload = _payload(_entry(description="x" * 100))
    assert len(payload["description"]) == 60 and payload["description"].endswith("…")


def test_amounts_that_no_longer_balance_in_cents_are_refused_naming_the_record() -> None:
    entry = _entry(
        JournalLine(account="1200", debit=Decimal("0.005"), memo="a"),
        JournalLine(account="1200", debit=Decimal("0.005"), memo="b"),
        JournalLine(account="4000", credit=Decimal("0.01"), memo="c"),
    )
    with pytest.raises(MappingError, match="does not balance in cents") as refused:
        _payload(entry)
    assert refused.value.record_key == "order 1042"


def test_a_line_that_rounds_to_nothing_is_refused() -> None:
    entry = _entry(
        JournalLine(account="1200", debit=Decimal("10.004"), memo="a"),
        JournalLine(account="4000", credit=Decimal("10"), memo="b"),
        JournalLine(account="8900", credit=Decimal("0.004"), memo="rounding"),
    )
    with pytest.raises(MappingError, match=r"line 3 on 8900 rounds to 0\.00"):
        _payload(entry)
