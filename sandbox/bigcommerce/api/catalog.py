"""v3 catalog: `GET/PUT /catalog/products` (a PUT batch holds at most 10 products, else 413) and
`GET/PUT /catalog/variants` (filter by `sku`; a PUT batch holds at most 50, products_catalog.v3.yml and
product-variants_catalog.v3.yml). A write stamps `date_modified` and fires `store/product/updated`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, Request

from sandbox.bigcommerce.api.params import date, id_list
from sandbox.bigcommerce.api.v3_pages import page_of
from sandbox.bigcommerce.dates import rfc3339
from sandbox.bigcommerce.errors import BigCommerceError
from sandbox.bigcommerce.records import ProductRecord
from sandbox.bigcommerce.state import StoreState

MAX_PRODUCTS_PER_PUT = 10
MAX_VARIANTS_PER_PUT = 50
PRODUCT_WRITABLE = frozenset(
    {
        "name",
        "sku",
        "price",
        "sale_price",
        "retail_price",
        "cost_price",
        "inventory_level",
        "inventory_warning_level",
        "inventory_tracking",
        "is_visible",
        "description",
        "weight",
        "availability",
    }
)
VARIANT_WRITABLE = frozenset(
    {
        "sku",
        "price",
        "sale_price",
        "retail_price",
        "cost_price",
        "inventory_level",
        "inventory_warning_level",
        "purchasing_disabled",
        "purchasing_disabled_message",
        "weight",
        "upc",
        "bin_picking_number",
    }
)
NUMBER_FIELDS = frozenset({"price", "sale_price", "retail_price", "cost_price", "weight"})


def _batch(body: Any, limit: int) -> list[dict[str, Any]]:
    if not isinstance(body, list) or not all(isinstance(item, dict) for item in body):
        raise BigCommerceError(422, errors={"body": "error.expected.jsarray"})
    if len(body) > limit:
        raise BigCommerceError(
            413, f"The request payload is too large. The maximum items allowed in the array is {limit}.", errors={}
        )
    return body


def _apply(target: dict[str, Any], changes: dict[str, Any], writable: frozenset[str], where: str) -> None:
    for name, value in changes.items():
        if name in ("id", "product_id"):
            continue
        if name not in writable:
            raise BigCommerceError(422, errors={f"{where}.{name}": "is not a writable field"})
        if name in NUMBER_FIELDS and value is not None and not isinstance(value, (int, float)):
            raise BigCommerceError(422, errors={f"{where}.{name}": "error.expected.jsnumber"})
        if name == "inventory_level" and (not isinstance(value, int) or value < 0):
            raise BigCommerceError(422, errors={f"{where}.{name}": "error.expected.non-negative integer"})
    target.update({name: value for name, value in changes.items() if name in writable})


def build_router(state: StoreState) -> APIRouter:
    router = APIRouter()

    def render(record: ProductRecord, include_variants: bool) -> dict[str, Any]:
        document = {
            **record.document,
            "date_created": rfc3339(record.created),
            "date_modified": rfc3339(record.modified),
        }
        if include_variants:
            document["variants"] = [dict(state.records.variants[v]) for v in record.variant_ids]
        return document

    @router.get("/catalog/products")
    def list_products(request: Request) -> dict[str, Any]:
        query = request.query_params
        ids, low, high = id_list(query, "id:in"), date(query, "date_modified:min"), date(query, "date_modified:max")
        sku = query.get("sku")
        include_variants = "variants" in query.get("include", "").split(",")
        with state.lock:
            rows = [
                render(record, include_variants)
                for record in state.records.products.values()
                if (ids is None or record.document["id"] in ids)
                and (sku is None or record.document["sku"] == sku)
                and (low is None or record.modified >= low)
                and (high is None or record.modified <= high)
            ]
        return page_of(rows, query)

    @router.put("/catalog/products")
    def update_products(body: Any = Body(...)) -> dict[str, Any]:  # noqa: B008 - FastAPI's way to take any JSON
        items = _batch(body, MAX_PRODUCTS_PER_PUT)
        with state.lock:
            for index, item in enumerate(items):
                if not isinstance(item.get("id"), int) or item["id"] not in state.records.products:
                    raise BigCommerceError(422, errors={f"[{index}].id": "error.path.missing or unknown"})
            for index, item in enumerate(items):
                record = state.records.products[item["id"]]
                _apply(record.document, item, PRODUCT_WRITABLE, f"[{index}]")
                record.modified = state.now()
                state.outbox.fire("store/product/updated", "product", record.document["id"], state.now())
            return {"data": [render(state.records.products[item["id"]], False) for item in items], "meta": {}}

    @router.get("/catalog/variants")
    def list_variants(request: Request) -> dict[str, Any]:
        query = request.query_params
        sku, products = query.get("sku"), id_list(query, "product_id:in")
        with state.lock:
            rows = [
                dict(variant)
                for variant in state.records.variants.values()
                if (sku is None or variant["sku"] == sku) and (products is None or variant["product_id"] in products)
            ]
        return page_of(rows, query)

    @router.put("/catalog/variants")
    def update_variants(body: Any = Body(...)) -> dict[str, Any]:  # noqa: B008
        items = _batch(body, MAX_VARIANTS_PER_PUT)
        with state.lock:
            for index, item in enumerate(items):
                if not isinstance(item.get("id"), int) or item["id"] not in state.records.variants:
                    raise BigCommerceError(422, errors={f"[{index}].id": "error.path.missing or unknown"})
            for index, item in enumerate(items):
                variant = state.records.variants[item["id"]]
                _apply(variant, item, VARIANT_WRITABLE, f"[{index}]")
                state.records.products[variant["product_id"]].modified = state.now()
                state.outbox.fire("store/sku/updated", "sku", variant["id"], state.now())
            return {"data": [dict(state.records.variants[item["id"]]) for item in items], "meta": {}}

    return router
