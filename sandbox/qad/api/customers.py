"""Customers: list, look up by code, create (the tenant assigns the `customerCode`)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from pydantic import EmailStr

from sandbox.qad.api.dependencies import Authenticated, Tenant
from sandbox.qad.api.wire import (
    Address,
    Code,
    CurrencyCode,
    ExternalRef,
    RequestBody,
    RequiredText,
    Text,
    Timestamp,
    WireModel,
)
from sandbox.qad.errors import error_responses, found
from sandbox.qad.listing import Page, PageRequest, page_request, paginate
from sandbox.qad.tenant import Document, TenantStore, snapshot

router = APIRouter(prefix="/api/erp/v1/customers", dependencies=[Authenticated], tags=["customers"])


class CustomerCreate(RequestBody):
    external_ref: ExternalRef
    name: RequiredText
    email: EmailStr | None = None
    phone: Text | None = None
    bill_to: Address | None = None
    ship_to: Address | None = None
    currency: CurrencyCode


class Customer(WireModel):
    customer_code: Code
    name: str
    email: str | None = None
    phone: str | None = None
    bill_to: Address | None = None
    ship_to: Address | None = None
    currency: CurrencyCode
    external_ref: str | None = None
    modified_at: Timestamp


def add_customer(
    tenant: TenantStore, fields: dict[str, Any], customer_code: str | None = None, modified_at: str | None = None
) -> Document:
    """Store a customer under the given or the next free code; the caller holds the tenant's lock."""
    code = customer_code or tenant.next_number("customers")
    tenant.reserve_number("customers", code)
    customer = {**fields, "customerCode": code, "modifiedAt": modified_at or tenant.now()}
    tenant.customers[code] = Customer.model_validate(customer).model_dump(by_alias=True, mode="json")
    return tenant.customers[code]


@router.get("", response_model=Page[Customer], responses=error_responses(400, 401))
async def list_customers(
    tenant: Tenant,
    page: Annotated[PageRequest, Depends(page_request)],
    email: Annotated[str | None, Query(description="Exact e-mail address, case-insensitive")] = None,
    external_ref: Annotated[str | None, Query(alias="externalRef")] = None,
) -> dict[str, Any]:
    with tenant.lock:
        return paginate(
            tenant.customers.values() if external_ref is None else tenant.customers.with_reference(external_ref),
            page,
            identity=lambda customer: (customer["customerCode"],),
            matches=lambda customer: (email is None or (customer["email"] or "").lower() == email.lower())
            and (external_ref is None or customer["externalRef"] == external_ref),
        )


@router.get("/{customerCode}", response_model=Customer, responses=error_responses(401, 404))
async def get_customer(tenant: Tenant, customer_code: Annotated[str, Path(alias="customerCode")]) -> dict[str, Any]:
    with tenant.lock:
        return snapshot(found(tenant.customers, customer_code, "customer"))


@router.post("", status_code=201, response_model=Customer, responses=error_responses(400, 401))
async def create_customer(tenant: Tenant, body: CustomerCreate) -> dict[str, Any]:
    with tenant.lock:
        return snapshot(add_customer(tenant, body.model_dump(by_alias=True, mode="json")))
