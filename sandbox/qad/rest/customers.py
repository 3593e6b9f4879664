"""Business relations and customers: a customer is created on top of a business relation, as in QAD.

`{base}/api/erp/businessRelationV2s?viewUri=urn:be:com.qad.base.address.IBusinessRelationV2` (GET by
`businessRelationCode`, POST `C`) and `{base}/api/erp/customerV2s?viewUri=urn:be:com.qad.base.customer.ICustomerV2`
(GET by `sharedSetCode` + `customerCode`, POST `C`). A customer names an existing business relation. Its e-mail
(`EMail`) and the integration's external reference (`customShort0`, the sandbox's assumption) are searchable
through the customer browse (`urn:browse:mfg:cm007`). A business relation's `customShort0` is searchable through
the business relation browse (assumed, see `browses.py`). The customer shared set is the tenant's domain code.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import EmailStr, TypeAdapter, ValidationError

from sandbox.qad.records.customers import add_customer
from sandbox.qad.records.tenant_scope import Tenant
from sandbox.qad.errors import REST_BASE, QadError
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
from sandbox.qad.tenant import Document, TenantStore

router = APIRouter(prefix=f"{REST_BASE}/api/erp", include_in_schema=False)

BUSINESS_RELATION = "com.qad.base.address.IBusinessRelationV2"
CUSTOMER = "com.qad.base.customer.ICustomerV2"
_EMAIL = TypeAdapter(EmailStr)
BUSINESS_RELATION_FIELDS = (
    "businessRelationName1", "businessRelationSearchName", "headOfficeStreet1", "headOfficeStreet2",
    "headOfficeCity", "headOfficeZipCode", "headOfficeStateCode", "headOfficeCountryCode", "headOfficeTaxZone",
)  # fmt: skip


def _one(records: list[dict[str, Any]], plural: str) -> dict[str, Any]:
    if len(records) != 1:
        raise QadError(400, "VALIDATION_FAILED", f"one record of {plural} per request", [{"field": plural}])
    if operation(records[0], ("C",)) != "C":
        raise refused("dataOperation", "only creates are taken")
    return records[0]


def _with_hash(record: dict[str, Any]) -> dict[str, Any]:
    return {**record, "dataOperation": "", "concurrencyHash": concurrency_hash(record)}


def _create_relation(tenant: TenantStore, record: dict[str, Any]) -> Document:
    code = text(record, "businessRelationCode", max_length=8) or tenant.next_number("business-relations")
    if code in tenant.business_relations:
        raise refused("businessRelationCode", f"Business relation {code} already exists")
    tenant.reserve_number("business-relations", code)
    text(record, "businessRelationName1", required=True)
    country = text(record, "headOfficeCountryCode", required=True) or ""
    if len(country) != 2 or not country.isupper():
        raise refused("headOfficeCountryCode", f"{country!r} is not a 2-letter country code")
    relation = {
        "uri": record_uri(BUSINESS_RELATION, code),
        "businessRelationCode": code,
        **{field: text(record, field) or "" for field in BUSINESS_RELATION_FIELDS},
        "customShort0": text(record, "customShort0", max_length=64) or "",
        "isActive": record.get("isActive", True) is not False,
        "lastModifiedDate": tenant.now(),
    }
    tenant.business_relations[code] = relation
    return relation


@router.get("/businessRelationV2s")
async def read_relation(
    request: Request, tenant: Tenant, _: QadCaller, code: Annotated[str, Query(alias="businessRelationCode")]
) -> dict[str, Any]:
    check_view_uri(request, BUSINESS_RELATION)
    with tenant.lock:
        relation = tenant.business_relations.get(code)
        return read_answer("businessRelationV2s", [_with_hash(relation)] if relation else [])


@router.post("/businessRelationV2s")
async def create_relation(request: Request, tenant: Tenant, _: QadCaller) -> dict[str, Any]:
    check_view_uri(request, BUSINESS_RELATION)
    record = _one(posted_records(await request.json(), "businessRelationV2s"), "businessRelationV2s")
    with tenant.lock:
        try:
            relation = _create_relation(tenant, record)
        except SubmitRefused as refusal:
            return refused_answer(refusal)
        return saved_answer("businessRelationV2s", [_with_hash(relation)])


def customer_record(tenant: TenantStore, customer: Document) -> dict[str, Any]:
    address = customer.get("billTo") or {}
    return _with_hash({
        "uri": record_uri(CUSTOMER, tenant.domain, customer["customerCode"]),
        "customerCode": customer["customerCode"], "sharedSetCode": tenant.domain,
        "businessRelationCode": customer.get("businessRelationCode") or customer["customerCode"],
        "businessRelationName": customer["name"], "addressName": address.get("name") or customer["name"],
        "street1": address.get("line1") or "", "street2": address.get("line2") or "", "street3": "",
        "city": address.get("city") or "", "zipCode": address.get("postalCode") or "",
        "stateCode": address.get("state") or "", "countryCode": address.get("country") or "",
        "currencyCode": customer["currency"], "telephone": customer.get("phone") or "",
        "EMail": customer.get("email") or "", "isActive": True, "customShort0": customer.get("externalRef") or "",
        "lastModifiedDate": customer["modifiedAt"],
    })  # fmt: skip


def _create_customer(tenant: TenantStore, record: dict[str, Any]) -> Document:
    if record.get("sharedSetCode") != tenant.domain:
        raise refused("sharedSetCode", f"{record.get('sharedSetCode')!r} is not a customer shared set")
    relation_code = text(record, "businessRelationCode", required=True)
    relation = tenant.business_relations.get(relation_code or "")
    if relation is None:
        raise refused("businessRelationCode", f"Business relation {relation_code} does not exist")
    code = text(record, "customerCode", max_length=8)
    if code is not None and code in tenant.customers:
        raise refused("customerCode", f"Customer {code} already exists")
    email = text(record, "EMail")
    if email is not None:
        try:
            _EMAIL.validate_python(email)
        except ValidationError:
            raise refused("EMail", f"{email!r} is not an e-mail address") from None
    address = {
        "name": text(record, "addressName") or relation["businessRelationName1"],
        "line1": text(record, "street1", required=True), "line2": text(record, "street2"),
        "city": text(record, "city", required=True), "state": text(record, "stateCode"),
        "postalCode": text(record, "zipCode"), "country": text(record, "countryCode", required=True),
    }  # fmt: skip
    fields = {
        "name": relation["businessRelationName1"], "email": email,
        "phone": text(record, "telephone"), "billTo": address, "shipTo": address,
        "currency": text(record, "currencyCode", required=True), "externalRef": text(record, "customShort0", max_length=64),
    }  # fmt: skip
    try:
        customer = add_customer(tenant, fields, code)
    except ValidationError as exc:
        problem = exc.errors()[0]
        names = {"email": "EMail", "currency": "currencyCode", "country": "countryCode"}
        where = next((names[str(part)] for part in problem["loc"] if str(part) in names), "customerCode")
        raise refused(where, problem["msg"]) from None
    customer["businessRelationCode"] = relation["businessRelationCode"]
    return customer


@router.get("/customerV2s")
async def read_customer(
    request: Request,
    tenant: Tenant,
    _: QadCaller,
    shared_set: Annotated[str, Query(alias="sharedSetCode")],
    code: Annotated[str, Query(alias="customerCode")],
) -> dict[str, Any]:
    check_view_uri(request, CUSTOMER)
    with tenant.lock:
        customer = tenant.customers.get(code) if shared_set == tenant.domain else None
        return read_answer("customerV2s", [customer_record(tenant, customer)] if customer else [])


@router.post("/customerV2s")
async def create_customer(request: Request, tenant: Tenant, _: QadCaller) -> dict[str, Any]:
    check_view_uri(request, CUSTOMER)
    record = _one(posted_records(await request.json(), "customerV2s"), "customerV2s")
    with tenant.lock:
        try:
            customer = _create_customer(tenant, record)
        except SubmitRefused as refusal:
            return refused_answer(refusal)
        return saved_answer("customerV2s", [customer_record(tenant, customer)])
