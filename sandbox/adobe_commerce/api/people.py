"""Customers and B2B companies."""

from __future__ import annotations

import copy
from typing import Any

from fastapi import APIRouter, Request

from sandbox.adobe_commerce.api.gateway import authorize
from sandbox.adobe_commerce.api.listing import column, columns, search
from sandbox.adobe_commerce.errors import MagentoError
from sandbox.adobe_commerce.records import Document
from sandbox.adobe_commerce.state import StoreState

CUSTOMERS_RESOURCE = "Magento_Customer::customer"
COMPANY_RESOURCE = "Magento_Company::index"
CUSTOMER_FIELDS = columns("email", "firstname", "lastname", "created_at", "updated_at", "group_id", "website_id")
COMPANY_FIELDS = {
    **columns("company_name", "company_email", "status", "legal_name", "super_user_id"),
    "entity_id": column("id"),
}
NO_SUCH_COMPANY = "No such entity with %fieldName = %fieldValue"


def build_router(state: StoreState) -> APIRouter:
    router = APIRouter()

    @router.get("/customers/search")
    def search_customers(request: Request) -> dict[str, Any]:
        authorize(state, request, CUSTOMERS_RESOURCE)
        fields = {**CUSTOMER_FIELDS, "entity_id": column("id")}
        return search(state, request, state.records.customers.values(), fields, id_field="id")[0]

    @router.get("/company/")
    def list_companies(request: Request) -> dict[str, Any]:
        authorize(state, request, COMPANY_RESOURCE)
        return search(state, request, state.records.companies.values(), COMPANY_FIELDS, id_field="id")[0]

    @router.get("/company/{company_id}")
    def get_company(company_id: str, request: Request) -> Document:
        authorize(state, request, COMPANY_RESOURCE)
        company = state.records.companies.get(int(company_id)) if company_id.isdigit() else None
        if company is None:
            raise MagentoError(404, NO_SUCH_COMPANY, {"fieldName": "companyId", "fieldValue": company_id})
        return copy.deepcopy(company)

    return router
