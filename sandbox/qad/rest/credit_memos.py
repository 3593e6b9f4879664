"""Credit memos: `{base}/api/erp/creditMemos?viewUri=urn:be:com.qad.sales.creditmemo.ICreditMemo`.

No QAD REST credit memo has been seen in QAD's documentation or code: the entity path, view URI, record fields
and the browse that finds one by reference (`urn:browse:bebrowse:com.qad.erp.sales.creditMemos`) are the
sandbox's assumption, in QAD's document conventions (wrapper, `dataOperation`, `submitResult`). The rules are
the ones a credit against a sales order has anywhere: the order exists and is not cancelled, the memo is in its
currency, items were on it, quantities and the amount stay within what is left to credit.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from pydantic import ValidationError

from sandbox.qad.records.credit_memos import CreditMemoCreate, add_credit_memo
from sandbox.qad.records.tenant_scope import Tenant
from sandbox.qad.errors import REST_BASE, QadError
from sandbox.qad.rest.access import QadCaller
from sandbox.qad.rest.documents import (
    SubmitRefused,
    check_view_uri,
    concurrency_hash,
    operation,
    posted_records,
    record_uri,
    refused,
    refused_answer,
    saved_answer,
)
from sandbox.qad.rest.values import as_number
from sandbox.qad.tenant import Document, TenantStore

router = APIRouter(prefix=f"{REST_BASE}/api/erp", include_in_schema=False)

CREDIT_MEMO = "com.qad.sales.creditmemo.ICreditMemo"
PLURAL = "creditMemos"
_FIELD_OF_CODE = {"UNKNOWN_SALES_ORDER": "salesOrderNumber", "CONFLICT": "salesOrderNumber",
                  "UNKNOWN_ITEM": "creditMemoLines", "CREDIT_EXCEEDS_ORDER": "amount"}  # fmt: skip
_FIELD_OF_KEY = {"externalRef": "reference", "salesOrder": "salesOrderNumber", "currency": "currencyCode",
                 "amount": "amount", "lines": "creditMemoLines", "reason": "reason"}  # fmt: skip


def credit_memo_record(tenant: TenantStore, memo: Document) -> dict[str, Any]:
    record = {
        "uri": record_uri(CREDIT_MEMO, tenant.domain, memo["creditMemoNumber"]), "domainCode": tenant.domain,
        "creditMemoNumber": memo["creditMemoNumber"], "reference": memo["externalRef"],
        "salesOrderNumber": memo["salesOrder"], "reason": memo.get("reason") or "", "currencyCode": memo["currency"],
        "amount": as_number(memo["amount"]),
        "creditMemoLines": [{"itemCode": line["itemNumber"], "quantity": as_number(line["quantity"]),
                             "amount": as_number(line["amount"]), "restock": line["restock"]} for line in memo["lines"]],
        "lastModifiedDate": memo["modifiedAt"],
    }  # fmt: skip
    return {**record, "dataOperation": "", "concurrencyHash": concurrency_hash(record)}


def _body(tenant: TenantStore, record: dict[str, Any]) -> CreditMemoCreate:
    if record.get("domainCode") != tenant.domain:
        raise refused("domainCode", f"{record.get('domainCode')!r} is not the workspace's domain {tenant.domain}")
    lines = record.get("creditMemoLines") or []
    if not isinstance(lines, list) or not all(isinstance(line, dict) for line in lines):
        raise refused("creditMemoLines", "must be a list of lines")
    try:
        return CreditMemoCreate.model_validate({
            "externalRef": record.get("reference"), "salesOrder": record.get("salesOrderNumber"),
            "reason": record.get("reason"), "currency": record.get("currencyCode"), "amount": _text(record.get("amount")),
            "lines": [{"itemNumber": line.get("itemCode"), "quantity": _text(line.get("quantity")),
                       "amount": _text(line.get("amount")), "restock": bool(line.get("restock"))} for line in lines],
        })  # fmt: skip
    except ValidationError as exc:
        problem = exc.errors()[0]
        field = _FIELD_OF_KEY.get(str(problem["loc"][0]), "creditMemoLines") if problem["loc"] else "creditMemoLines"
        raise refused(field, problem["msg"]) from None


def _text(value: Any) -> Any:
    """QAD sends numbers as JSON numbers; the checks read them as the decimal text they stand for."""
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


@router.post(f"/{PLURAL}")
async def create_credit_memo(request: Request, tenant: Tenant, _: QadCaller) -> dict[str, Any]:
    check_view_uri(request, CREDIT_MEMO)
    records = posted_records(await request.json(), PLURAL)
    if len(records) != 1:
        raise QadError(400, "VALIDATION_FAILED", "one credit memo per request", [{"field": PLURAL}])
    with tenant.lock:
        try:
            if operation(records[0], ("C",)) != "C":
                raise refused("dataOperation", "only creates are taken")
            try:
                memo = add_credit_memo(tenant, _body(tenant, records[0]))
            except QadError as error:
                field = _FIELD_OF_CODE.get(error.code) or _FIELD_OF_KEY.get(
                    str((error.details or [{}])[0].get("field", "")), "creditMemoLines")
                raise refused(field, error.message) from None
        except SubmitRefused as refusal:
            return refused_answer(refusal)
        return saved_answer(PLURAL, [credit_memo_record(tenant, memo)])
