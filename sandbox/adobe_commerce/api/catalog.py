"""Products (filterable by SKU and `updated_at`) and the store views."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from sandbox.adobe_commerce.api.gateway import authorize
from sandbox.adobe_commerce.api.listing import column, columns, search
from sandbox.adobe_commerce.state import StoreState

PRODUCTS_RESOURCE = "Magento_Catalog::products"
STORES_RESOURCE = "Magento_Backend::store"
PRODUCT_FIELDS = {
    **columns("sku", "name", "type_id", "status", "visibility", "price", "created_at", "updated_at"),
    "entity_id": column("id"),
}


def build_router(state: StoreState) -> APIRouter:
    router = APIRouter()

    @router.get("/products")
    def list_products(request: Request) -> dict[str, Any]:
        authorize(state, request, PRODUCTS_RESOURCE)
        return search(state, request, state.records.products.values(), PRODUCT_FIELDS, id_field="id")[0]

    @router.get("/store/storeViews")
    def store_views(request: Request) -> list[dict[str, Any]]:
        authorize(state, request, STORES_RESOURCE)
        return [
            {"id": 0, "code": "admin", "name": "Admin", "website_id": 0, "store_group_id": 0, "is_active": 1},
            {
                "id": 1,
                "code": state.options.store_code,
                "name": "Default Store View",
                "website_id": 1,
                "store_group_id": 1,
                "is_active": 1,
            },
        ]

    return router
