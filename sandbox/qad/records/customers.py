"""Customers as the tenant keeps them, and how one is stored (the tenant assigns the `customerCode`)."""

from __future__ import annotations

from typing import Any

from sandbox.qad.records.wire import Address, Code, CurrencyCode, Timestamp, WireModel
from sandbox.qad.tenant import Document, TenantStore


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
