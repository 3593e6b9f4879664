"""Read-only master data the ERP owns: items, price-list prices and inventory balances."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query

from sandbox.qad.api.dependencies import Authenticated, Tenant
from sandbox.qad.api.wire import Code, CurrencyCode, Timestamp, WireModel
from sandbox.qad.decimals import NonNegativeMoney, NonNegativeQuantity, Quantity
from sandbox.qad.errors import error_responses, found
from sandbox.qad.listing import Page, PageRequest, page_request, paginate, split_list
from sandbox.qad.tenant import snapshot

router = APIRouter(prefix="/api/erp/v1", dependencies=[Authenticated])

ItemStatus = Literal["ACTIVE", "INACTIVE"]


class Item(WireModel):
    item_number: Code
    description: str
    uom: str
    status: ItemStatus
    product_line: str
    modified_at: Timestamp


class Price(WireModel):
    item_number: Code
    price: NonNegativeMoney
    currency: CurrencyCode
    effective_from: Timestamp
    modified_at: Timestamp


class InventoryBalance(WireModel):
    item_number: Code
    site: Code
    location: Code
    # On hand may go negative on a real instance (shipped before receipt is booked); the others may not.
    qty_on_hand: Quantity
    qty_allocated: NonNegativeQuantity
    qty_committed: NonNegativeQuantity
    modified_at: Timestamp


ItemNumbers = Annotated[str | None, Query(alias="itemNumber", description="One item number or a comma list")]


@router.get("/items", response_model=Page[Item], responses=error_responses(400, 401), tags=["items"])
async def list_items(
    tenant: Tenant,
    page: Annotated[PageRequest, Depends(page_request)],
    item_number: ItemNumbers = None,
    status: Annotated[ItemStatus | None, Query()] = None,
) -> dict[str, Any]:
    wanted = split_list(item_number)
    with tenant.lock:
        return paginate(
            tenant.items.values(),
            page,
            identity=lambda item: (item["itemNumber"],),
            matches=lambda item: (wanted is None or item["itemNumber"] in wanted)
            and (status is None or item["status"] == status),
        )


@router.get("/items/{itemNumber}", response_model=Item, responses=error_responses(401, 404), tags=["items"])
async def get_item(tenant: Tenant, item_number: Annotated[str, Path(alias="itemNumber")]) -> dict[str, Any]:
    with tenant.lock:
        return snapshot(found(tenant.items, item_number, "item"))


@router.get(
    "/price-lists/{priceList}/prices",
    response_model=Page[Price],
    responses=error_responses(400, 401, 404),
    tags=["prices"],
)
async def list_prices(
    tenant: Tenant,
    price_list: Annotated[str, Path(alias="priceList")],
    page: Annotated[PageRequest, Depends(page_request)],
    item_number: ItemNumbers = None,
) -> dict[str, Any]:
    wanted = split_list(item_number)
    with tenant.lock:
        prices = found(tenant.price_lists, price_list, "price list")
        return paginate(
            prices.values(),
            page,
            identity=lambda price: (price["itemNumber"],),
            matches=lambda price: wanted is None or price["itemNumber"] in wanted,
        )


@router.get(
    "/inventory", response_model=Page[InventoryBalance], responses=error_responses(400, 401), tags=["inventory"]
)
async def list_inventory(
    tenant: Tenant,
    page: Annotated[PageRequest, Depends(page_request)],
    site: Annotated[str | None, Query()] = None,
    location: Annotated[str | None, Query()] = None,
    item_number: ItemNumbers = None,
) -> dict[str, Any]:
    wanted = split_list(item_number)
    with tenant.lock:
        return paginate(
            tenant.inventory.values(),
            page,
            identity=lambda row: (row["itemNumber"], row["site"], row["location"]),
            matches=lambda row: (site is None or row["site"] == site)
            and (location is None or row["location"] == location)
            and (wanted is None or row["itemNumber"] in wanted),
        )
