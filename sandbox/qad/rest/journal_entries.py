"""GL journal entries: `{base}/api/erp/journalEntries?viewUri=urn:be:com.qad.financials.journalentry.IJournalEntry`.

No QAD REST journal entry has been seen in QAD's documentation or code: the entity path, view URI, record fields
and the browse that finds one by reference (`urn:browse:bebrowse:com.qad.erp.financials.journalEntries`) are the
sandbox's assumption, in QAD's document conventions (wrapper, `dataOperation`, `submitResult`) and QAD
Financials' words (a journal entry posted in a daybook for a GL period). GET reads one by `domainCode` +
`journalEntryNumber`; POST `C` posts one (QAD numbers it `<daybook>/<year>/<sequence>`); nothing else is taken:
a posted entry is never changed. The external reference a client keeps on an entry travels in `customShort0`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from sandbox.qad.errors import REST_BASE, QadError
from sandbox.qad.records.journal_entries import JournalEntryCreate, JournalLineCreate, add_journal_entry
from sandbox.qad.records.tenant_scope import Tenant
from sandbox.qad.rest.access import QadCaller
from sandbox.qad.rest.documents import (
    SubmitRefused,
    check_view_uri,
    concurrency_hash,
    operation,
    posted_records,
    read_answer,
    record_uri,
    refused,
    refused_answer,
    saved_answer,
    text,
)
from sandbox.qad.rest.lost_answers import answer_lost, lost_answer
from sandbox.qad.rest.values import DATE_SUFFIX, as_number, decimal, qad_date
from sandbox.qad.tenant import Document, TenantStore

router = APIRouter(prefix=f"{REST_BASE}/api/erp", include_in_schema=False)

JOURNAL_ENTRY = "com.qad.financials.journalentry.IJournalEntry"
PLURAL = "journalEntries"
LINES = "journalEntryLines"
REFERENCE_FIELD = "customShort0"
DESCRIPTION_LENGTH = 60
REFERENCE_LENGTH = 64


def journal_entry_record(tenant: TenantStore, entry: Document) -> dict[str, Any]:
    record = {
        "uri": record_uri(JOURNAL_ENTRY, tenant.domain, entry["journalEntryNumber"]), "domainCode": tenant.domain,
        "journalEntryNumber": entry["journalEntryNumber"], "daybookCode": entry["daybook"],
        "postingDate": entry["postingDate"] + DATE_SUFFIX, "periodYear": entry["periodYear"], "period": entry["period"],
        "currencyCode": entry["currency"], "description": entry["description"],
        REFERENCE_FIELD: entry.get("externalRef") or "", "customerCode": entry.get("customerCode") or "",
        LINES: [{"lineNumber": line["line"], "glAccountCode": line["account"], "subAccountCode": line["subAccount"],
                 "costCenterCode": line["costCenter"], "debitTC": as_number(line["debit"]),
                 "creditTC": as_number(line["credit"]), "lineDescription": line["description"]}
                for line in entry["lines"]],
        "lastModifiedDate": entry["modifiedAt"],
    }  # fmt: skip
    return {**record, "dataOperation": "", "concurrencyHash": concurrency_hash(record)}


def _amount(line: Mapping[str, Any], field: str) -> Decimal:
    """A debit or credit of a line: a number of at most 2 places, not negative; left out, zero."""
    return Decimal(0) if line.get(field) in (None, "") else decimal(line, field, places=2)


def _line(line: Mapping[str, Any], position: int) -> JournalLineCreate:
    number = line.get("lineNumber", position)
    if not isinstance(number, int) or isinstance(number, bool) or number < 1:
        raise refused("lineNumber", f"{number!r} is not a line number")
    return JournalLineCreate(
        line=number,
        account=text(line, "glAccountCode", required=True, max_length=20) or "",
        sub_account=text(line, "subAccountCode", max_length=20) or "",
        cost_center=text(line, "costCenterCode", max_length=20) or "",
        debit=_amount(line, "debitTC"),
        credit=_amount(line, "creditTC"),
        description=text(line, "lineDescription", max_length=DESCRIPTION_LENGTH) or "",
    )


def _body(tenant: TenantStore, record: Mapping[str, Any]) -> JournalEntryCreate:
    if record.get("domainCode") != tenant.domain:
        raise refused("domainCode", f"{record.get('domainCode')!r} is not the workspace's domain {tenant.domain}")
    if record.get("journalEntryNumber"):
        raise refused("journalEntryNumber", "is assigned by QAD when the entry is posted")
    lines = record.get(LINES)
    if not isinstance(lines, list) or not all(isinstance(line, dict) for line in lines):
        raise refused(LINES, "must be a list of lines")
    currency = text(record, "currencyCode", required=True) or ""
    if len(currency) != 3 or not currency.isalpha() or not currency.isupper():
        raise refused("currencyCode", f"{currency!r} is not a currency code")
    posting = qad_date(record, "postingDate") or ""
    return JournalEntryCreate(
        external_ref=text(record, REFERENCE_FIELD, max_length=REFERENCE_LENGTH),
        daybook=text(record, "daybookCode", required=True, max_length=20) or "",
        posting_date=date.fromisoformat(posting[:10]),
        currency=currency,
        description=text(record, "description", max_length=DESCRIPTION_LENGTH) or "",
        customer_code=text(record, "customerCode", max_length=8),
        lines=tuple(_line(line, position) for position, line in enumerate(lines, start=1)),
    )


@router.get(f"/{PLURAL}")
async def read_journal_entry(
    request: Request,
    tenant: Tenant,
    _: QadCaller,
    domain: Annotated[str, Query(alias="domainCode")],
    number: Annotated[str, Query(alias="journalEntryNumber")],
) -> dict[str, Any]:
    check_view_uri(request, JOURNAL_ENTRY)
    with tenant.lock:
        entry = tenant.journal_entries.get(number) if domain == tenant.domain else None
        return read_answer(PLURAL, [journal_entry_record(tenant, entry)] if entry else [])


@router.post(f"/{PLURAL}", response_model=None)
async def post_journal_entry(request: Request, tenant: Tenant, _: QadCaller) -> dict[str, Any] | Response:
    check_view_uri(request, JOURNAL_ENTRY)
    records = posted_records(await request.json(), PLURAL)
    if len(records) != 1:
        raise QadError(400, "VALIDATION_FAILED", "one journal entry per request", [{"field": PLURAL}])
    with tenant.lock:
        try:
            if records[0].get("dataOperation") in ("U", "D"):
                raise refused("dataOperation", "only creates are taken: a posted journal entry is never changed")
            operation(records[0], ("C",))
            try:
                entry = add_journal_entry(tenant, _body(tenant, records[0]))
            except QadError as error:
                detail = (error.details or [{}])[0]
                raise refused(str(detail.get("field") or PLURAL), str(detail.get("message") or error.message)) from None
        except SubmitRefused as refusal:
            return refused_answer(refusal)
        if answer_lost(tenant, "journal-entries"):
            return lost_answer()
        return saved_answer(PLURAL, [journal_entry_record(tenant, entry)])
