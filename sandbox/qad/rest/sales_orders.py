"""Sales order headers: `{base}/api/erp/salesOrderHeaders?viewUri=urn:be:com.qad.sales.salesorder.ISalesOrderHeader`.

GET by `domainCode` + `salesOrderNumber`; POST `C` creates a header without lines (they follow through the
line flow, `sales_order_lines`), POST `U` changes an OPEN order and must carry the `concurrencyHash` the client
read. One header per request (the sandbox's assumption: code in the wild posts one). The customer PO (`purchaseOrder`, so_mstr.so_po) is free text QAD does not check for uniqueness.
Field names past those code in the wild shows (see README) are the sandbox's assumptions.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from sandbox.qad.records.sales_orders import credited_amount
from sandbox.qad.records.tenant_scope import Tenant
from sandbox.qad.decimals import format_money
from sandbox.qad.errors import REST_BASE, QadError
from sandbox.qad.rest.access import QadCaller
from sandbox.qad.rest.documents import (
    SubmitRefused,
    check_view_uri,
    operation,
    posted_records,
    read_answer,
    refused,
    refused_answer,
    saved_answer,
    text,
)
from sandbox.qad.rest.sales_order_records import SALES_ORDER_HEADER, SHIP_TO_FIELDS, derive_lines, header_record, order_hash
from sandbox.qad.rest.values import decimal, qad_date
from sandbox.qad.tenant import Document, TenantStore

router = APIRouter(prefix=f"{REST_BASE}/api/erp", include_in_schema=False)

PLURAL = "salesOrderHeaders"
TRAILER_CODES = ("FREIGHT", "FEE")
STATUSES_A_CLIENT_SETS = ("OPEN", "CANCELLED")


def _ship_to(record: dict[str, Any]) -> dict[str, Any] | None:
    address = {key: text(record, field) for field, key in SHIP_TO_FIELDS.items()}
    if not any(address.values()):
        return None
    for required in ("shipToName", "shipToStreet1", "shipToCity", "shipToCountryCode"):
        text(record, required, required=True)
    country = address["country"] or ""
    if len(country) != 2 or not country.isupper():
        raise refused("shipToCountryCode", f"{country!r} is not a 2-letter country code")
    return address


def _trailers(record: dict[str, Any]) -> list[Document]:
    trailers = record.get("SOTrailers") or []
    if not isinstance(trailers, list):
        raise refused("SOTrailers", "must be a list")
    charges = []
    for index, trailer in enumerate(trailers):
        where = f"SOTrailers[{index}]"
        if not isinstance(trailer, dict) or trailer.get("trailerCode") not in TRAILER_CODES:
            raise refused(f"{where}.trailerCode", f"must be one of {', '.join(TRAILER_CODES)}")
        # A fee may be negative (a discount booked as a fee); freight may not.
        minimum = Decimal(0) if trailer["trailerCode"] == "FREIGHT" else None
        amount = decimal(trailer, "trailerAmount", places=2, minimum=minimum)
        tax = decimal(trailer, "customDecimal0", places=2) if trailer.get("customDecimal0") is not None else Decimal(0)
        charges.append({"type": trailer["trailerCode"], "description": text(trailer, "description"),
                        "amount": format_money(amount), "taxAmount": format_money(tax)})  # fmt: skip
    return charges


def _create(tenant: TenantStore, record: dict[str, Any], user: str) -> Document:
    if record.get("domainCode") != tenant.domain:
        raise refused("domainCode", f"{record.get('domainCode')!r} is not the workspace's domain {tenant.domain}")
    customer = text(record, "soldToCustomerCode", required=True)
    if customer not in tenant.customers:
        raise refused("soldToCustomerCode", f"Customer {customer} does not exist")
    site = text(record, "siteCode", required=True)
    if site not in tenant.sites:
        raise refused("siteCode", f"Site {site} does not exist")
    currency = text(record, "currencyCode", required=True) or ""
    if len(currency) != 3 or not currency.isupper():
        raise refused("currencyCode", f"{currency!r} is not a currency code")
    order_date = qad_date(record, "orderDate")
    assert order_date is not None
    number = text(record, "salesOrderNumber", max_length=8) or tenant.next_number("sales-orders")
    if number in tenant.sales_orders:
        raise refused("salesOrderNumber", f"Sales order {number} already exists")
    tenant.reserve_number("sales-orders", number)
    now = tenant.now()
    purchase_order = text(record, "purchaseOrder", max_length=64)
    order: Document = {
        "orderNumber": number,
        "status": "OPEN",
        "externalRef": purchase_order or "",
        "customerCode": customer,
        "site": site,
        "currency": currency,
        "orderDate": order_date.replace(".000Z", "Z"),
        "dueDate": qad_date(record, "dueDate", required=False) or order_date,
        "customerPo": purchase_order,
        "shipTo": _ship_to(record),
        "salesOrderLines": [],
        "charges": _trailers(record),
        "notes": text(record, "remarks", max_length=2000),
        "createdAt": now,
        "modifiedAt": now,
        "modifiedBy": user,
    }
    derive_lines(order)
    tenant.sales_orders[number] = order
    return order


def _update(tenant: TenantStore, record: dict[str, Any], user: str) -> Document:
    number = text(record, "salesOrderNumber", required=True) or ""
    order = tenant.sales_orders.get(number)
    if order is None:
        raise refused("salesOrderNumber", f"Sales order {number} does not exist")
    if record.get("concurrencyHash") != order_hash(order):
        raise refused("concurrencyHash", f"Sales order {number} was changed by another user since it was read")
    if order["status"] != "OPEN":
        raise refused("orderStatus", f"Sales order {number} is {order['status']} and can no longer be changed")
    status = record.get("orderStatus", "OPEN")
    if status not in STATUSES_A_CLIENT_SETS:
        raise refused("orderStatus", f"must be one of {', '.join(STATUSES_A_CLIENT_SETS)}")
    changes: Document = {
        "customerPo": text(record, "purchaseOrder", max_length=64),
        "shipTo": _ship_to(record),
        "charges": _trailers(record),
        "notes": text(record, "remarks", max_length=2000),
        "status": status,
    }
    changes["externalRef"] = changes["customerPo"] or ""
    amended = {**order, **changes}
    derive_lines(amended)
    credited = credited_amount(tenant, number)
    if Decimal(amended["orderTotal"]) < credited:
        raise refused("SOTrailers", f"the amended total {amended['orderTotal']} is below the {credited} already credited")
    order.update(amended, modifiedAt=tenant.now(), modifiedBy=user)
    return order


@router.get(f"/{PLURAL}")
async def read_header(
    request: Request,
    tenant: Tenant,
    _: QadCaller,
    domain_code: Annotated[str, Query(alias="domainCode")],
    number: Annotated[str, Query(alias="salesOrderNumber")],
) -> dict[str, Any]:
    check_view_uri(request, SALES_ORDER_HEADER)
    with tenant.lock:
        order = tenant.sales_orders.get(number) if domain_code == tenant.domain else None
        return read_answer(PLURAL, [header_record(order, tenant.domain)] if order else [])


@router.post(f"/{PLURAL}")
async def write_headers(request: Request, tenant: Tenant, caller: QadCaller) -> dict[str, Any]:
    check_view_uri(request, SALES_ORDER_HEADER)
    records = posted_records(await request.json(), PLURAL)
    if len(records) != 1:
        raise QadError(400, "VALIDATION_FAILED", "one sales order header per request", [{"field": PLURAL}])
    record, user = records[0], str(caller.get("sub", ""))
    with tenant.lock:
        try:
            order = _create(tenant, record, user) if operation(record) == "C" else _update(tenant, record, user)
        except SubmitRefused as refusal:
            return refused_answer(refusal)
        return saved_answer(PLURAL, [header_record(order, tenant.domain)])
