"""General-ledger journals: each line a debit or a credit, and the journal must balance."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BeforeValidator, Field, StringConstraints, model_validator

from sandbox.qad.api.dependencies import Authenticated, Tenant
from sandbox.qad.api.wire import Code, ExternalRef, RequestBody, Text, Timestamp, WireModel
from sandbox.qad.decimals import NonNegativeMoney, format_money
from sandbox.qad.errors import QadError, error_responses
from sandbox.qad.listing import Page, PageRequest, page_request, paginate
from sandbox.qad.tenant import Document, snapshot

router = APIRouter(prefix="/api/erp/v1/gl-journals", dependencies=[Authenticated], tags=["gl-journals"])

Account = Annotated[str, StringConstraints(min_length=1, max_length=40)]


def _iso_date_text(value: object) -> object:
    # Bodies are validated after JSON decoding, where a lax date would also take timestamps and datetimes.
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("must be a date written YYYY-MM-DD")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date_text)]


class JournalLine(RequestBody):
    account: Account
    debit: NonNegativeMoney = "0.00"
    credit: NonNegativeMoney = "0.00"
    memo: Text | None = None

    @model_validator(mode="after")
    def _one_side(self) -> JournalLine:
        if (Decimal(self.debit) > 0) == (Decimal(self.credit) > 0):
            raise ValueError("a line carries either a debit or a credit greater than 0, not both")
        return self


class JournalCreate(RequestBody):
    external_ref: ExternalRef
    date: IsoDate
    description: Text | None = None
    lines: Annotated[list[JournalLine], Field(min_length=2, max_length=999)]


class Journal(WireModel):
    journal_number: Code
    external_ref: str
    date: date
    description: str | None = None
    lines: list[JournalLine]
    created_at: Timestamp
    modified_at: Timestamp


@router.get("", response_model=Page[Journal], responses=error_responses(400, 401))
async def list_gl_journals(
    tenant: Tenant,
    page: Annotated[PageRequest, Depends(page_request)],
    external_ref: Annotated[str | None, Query(alias="externalRef")] = None,
) -> dict[str, Any]:
    with tenant.lock:
        return paginate(
            tenant.gl_journals.values() if external_ref is None else tenant.gl_journals.with_reference(external_ref),
            page,
            identity=lambda journal: (journal["journalNumber"],),
            matches=lambda journal: external_ref is None or journal["externalRef"] == external_ref,
        )


@router.post("", status_code=201, response_model=Journal, responses=error_responses(400, 401, 422))
async def create_gl_journal(tenant: Tenant, body: JournalCreate) -> dict[str, Any]:
    debits = sum((Decimal(line.debit) for line in body.lines), Decimal(0))
    credits = sum((Decimal(line.credit) for line in body.lines), Decimal(0))
    if debits != credits:
        raise QadError(
            422,
            "UNBALANCED_JOURNAL",
            f"debits {format_money(debits)} do not equal credits {format_money(credits)}",
            [{"totalDebit": format_money(debits), "totalCredit": format_money(credits)}],
        )
    with tenant.lock:
        now = tenant.now()
        journal: Document = {
            "journalNumber": tenant.next_number("gl-journals"),
            **body.model_dump(by_alias=True, mode="json", exclude={"lines"}),
            "lines": [
                {
                    "account": line.account,
                    "debit": format_money(Decimal(line.debit)),
                    "credit": format_money(Decimal(line.credit)),
                    "memo": line.memo,
                }
                for line in body.lines
            ],
            "createdAt": now,
            "modifiedAt": now,
        }
        tenant.gl_journals[journal["journalNumber"]] = journal
        return snapshot(journal)
