"""GL journal entries: posted in a known daybook, in an open GL period, in a currency the domain can post in, on
accounts of the chart, each line a debit or a credit, the debits equal to the credits. Posted entries are never
changed (a mistake is taken back with a reversing entry)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sandbox.qad.decimals import format_money
from sandbox.qad.errors import QadError
from sandbox.qad.records.general_ledger import gl_period, period_label
from sandbox.qad.tenant import Document, TenantStore


@dataclass(frozen=True)
class JournalLineCreate:
    line: int
    account: str
    sub_account: str
    cost_center: str
    debit: Decimal
    credit: Decimal
    description: str


@dataclass(frozen=True)
class JournalEntryCreate:
    external_ref: str | None
    daybook: str
    posting_date: date
    currency: str
    description: str
    customer_code: str | None
    lines: tuple[JournalLineCreate, ...]


def refusal(field: str, message: str) -> QadError:
    """A refusal QAD names a field for; the REST route answers it in `submitResult.errors`."""
    return QadError(422, "REFUSED", message, [{"field": field, "message": message}])


def _check_lines(tenant: TenantStore, lines: tuple[JournalLineCreate, ...]) -> None:
    ledger = tenant.general_ledger
    if len(lines) < 2:
        raise refusal("journalEntryLines", "A journal entry needs at least two lines")
    for entry in lines:
        if (entry.debit > 0) == (entry.credit > 0):
            raise refusal(
                "debitTC",
                f"Line {entry.line}: enter either a debit or a credit amount, not {entry.debit}/{entry.credit}",
            )
        if entry.account not in ledger.accounts:
            raise refusal("glAccountCode", f"Line {entry.line}: GL account {entry.account} does not exist")
        if entry.sub_account and entry.sub_account not in ledger.sub_accounts:
            raise refusal("subAccountCode", f"Line {entry.line}: sub-account {entry.sub_account} does not exist")
        if entry.cost_center and entry.cost_center not in ledger.cost_centers:
            raise refusal("costCenterCode", f"Line {entry.line}: cost center {entry.cost_center} does not exist")
    debits = sum((entry.debit for entry in lines), Decimal(0))
    credits = sum((entry.credit for entry in lines), Decimal(0))
    if debits != credits:
        raise refusal(
            "journalEntryLines",
            f"Journal entry is not balanced: debit {format_money(debits)}, credit {format_money(credits)}",
        )


def check_journal_entry(tenant: TenantStore, body: JournalEntryCreate) -> None:
    """Everything QAD checks before it posts; the first problem is raised as a `refusal`."""
    ledger = tenant.general_ledger
    if body.daybook not in ledger.daybooks:
        raise refusal("daybookCode", f"Daybook {body.daybook} does not exist in domain {tenant.domain}")
    period = gl_period(body.posting_date)
    if not ledger.is_open(period, tenant.clock().date()):
        raise refusal("postingDate", f"GL period {period_label(period)} is closed for domain {tenant.domain}")
    if not ledger.can_post_in(body.currency):
        raise refusal(
            "currencyCode",
            f"No exchange rate from {body.currency} to {ledger.base_currency} for {body.posting_date.isoformat()}",
        )
    if body.customer_code and body.customer_code not in tenant.customers:
        raise refusal("customerCode", f"Customer {body.customer_code} does not exist")
    _check_lines(tenant, body.lines)


def add_journal_entry(tenant: TenantStore, body: JournalEntryCreate) -> Document:
    """Check and post a journal entry; the caller holds the tenant's lock."""
    check_journal_entry(tenant, body)
    year, period = gl_period(body.posting_date)
    now = tenant.now()
    entry: Document = {
        "journalEntryNumber": tenant.general_ledger.next_number(body.daybook, year),
        "externalRef": body.external_ref,
        "daybook": body.daybook,
        "postingDate": body.posting_date.isoformat(),
        "periodYear": year,
        "period": period,
        "currency": body.currency,
        "description": body.description,
        "customerCode": body.customer_code,
        "lines": [
            {
                "line": line.line, "account": line.account, "subAccount": line.sub_account,
                "costCenter": line.cost_center, "debit": format_money(line.debit),
                "credit": format_money(line.credit), "description": line.description,
            }
            for line in body.lines
        ],
        "createdAt": now,
        "modifiedAt": now,
    }  # fmt: skip
    tenant.journal_entries[entry["journalEntryNumber"]] = entry
    return entry
