"""v3 inventory: `PUT /inventory/adjustments/absolute` sets stock at a location by `variant_id`, `sku` or
`product_id` (inventory.v3.yml). The store has one location, id 1; an item tracked the other way is the spec's
422 ("tracked by product")."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Body

from sandbox.bigcommerce.errors import BigCommerceError
from sandbox.bigcommerce.state import StoreState

DEFAULT_LOCATION_ID = 1
MAX_ITEMS = 2000


def build_router(state: StoreState) -> APIRouter:
    router = APIRouter()

    def resolve(item: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        """(product, variant) the item names, or the 422 the spec documents."""
        records = state.records
        if "variant_id" in item:
            variant = records.variants.get(item["variant_id"])
        elif "sku" in item:
            variant = records.variant_by_sku(str(item["sku"]))
        elif "product_id" in item:
            product_record = records.products.get(item["product_id"])
            variant = records.variants[product_record.variant_ids[0]] if product_record else None
            if product_record and product_record.document["inventory_tracking"] == "variant":
                raise BigCommerceError(
                    422,
                    f"[Item with product_id {item['product_id']} is tracked by variant, "
                    "please update stock by variant id]",
                    errors={},
                )
        else:
            raise BigCommerceError(422, errors={"items": "variant_id, sku or product_id is required"})
        if variant is None:
            raise BigCommerceError(422, errors={"items": "the item does not exist"})
        product = records.products[variant["product_id"]].document
        if "product_id" not in item and product["inventory_tracking"] == "product":
            raise BigCommerceError(
                422,
                f"[Item with variant_id {variant['id']} is tracked by product, please update stock by product id]",
                errors={},
            )
        return product, variant

    @router.put("/inventory/adjustments/absolute")
    def absolute(body: Any = Body(...)) -> dict[str, Any]:  # noqa: B008 - FastAPI's way to take any JSON
        items = body.get("items") if isinstance(body, dict) else None
        if not isinstance(items, list) or not items or not all(isinstance(item, dict) for item in items):
            raise BigCommerceError(422, errors={"items": "error.path.missing"})
        if len(items) > MAX_ITEMS:
            raise BigCommerceError(413, errors={})
        with state.lock:
            resolved = []
            for item in items:
                if item.get("location_id") != DEFAULT_LOCATION_ID:
                    raise BigCommerceError(422, errors={"location_id": "location does not exist"})
                if not isinstance(item.get("quantity"), int) or item["quantity"] < 0:
                    raise BigCommerceError(422, errors={"quantity": "must be a non-negative integer"})
                resolved.append((*resolve(item), item["quantity"]))
            for product, variant, quantity in resolved:
                if product["inventory_tracking"] == "variant":
                    variant["inventory_level"] = quantity
                    product["inventory_level"] = sum(
                        state.records.variants[v]["inventory_level"]
                        for v in state.records.products[product["id"]].variant_ids
                    )
                else:
                    product["inventory_level"] = variant["inventory_level"] = quantity
                state.records.products[product["id"]].modified = state.now()
                state.outbox.fire("store/sku/inventory/updated", "sku", variant["id"], state.now())
        return {"transaction_id": str(uuid.uuid4())}

    return router
