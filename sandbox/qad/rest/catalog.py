"""Items and price lists by key: `{base}/api/erp/items` and `{base}/api/erp/priceListV2s`.

Lists of them come through the browses (`urn:browse:mfg:gp340`,
`urn:browse:bebrowse:com.qad.erp.sales.priceListV2s`); these answer one item, or the price list records that
match the keys given.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from sandbox.qad.records.tenant_scope import Tenant
from sandbox.qad.errors import REST_BASE
from sandbox.qad.rest.access import QadCaller
from sandbox.qad.rest.documents import check_view_uri, concurrency_hash, read_answer, record_uri
from sandbox.qad.rest.values import DATE_SUFFIX, as_number
from sandbox.qad.tenant import Document, TenantStore

router = APIRouter(prefix=f"{REST_BASE}/api/erp", include_in_schema=False)

ITEM = "com.qad.base.item.IItem"
PRICE_LIST = "com.qad.sales.pricing.IPriceListV2"


def item_record(tenant: TenantStore, item: Document) -> dict[str, Any]:
    record = {
        "uri": record_uri(ITEM, tenant.domain, item["itemNumber"]), "domainCode": tenant.domain,
        "itemCode": item["itemNumber"], "description": item["description"], "description2": "",
        "unitOfMeasure": item["uom"], "productLine": item["productLine"], "itemStatus": item["status"],
        "itemType": "", "lastModifiedDate": item["modifiedAt"],
    }  # fmt: skip
    return {**record, "dataOperation": "", "concurrencyHash": concurrency_hash(record)}


def price_record(tenant: TenantStore, price_list: str, price: Document) -> dict[str, Any]:
    item = tenant.items.get(price["itemNumber"], {})
    record = {
        "uri": record_uri(PRICE_LIST, tenant.domain, price_list, price["itemNumber"]),
        "domainCode": tenant.domain, "priceListCode": price_list, "customerCode": "",
        "itemCode": price["itemNumber"], "currencyCode": price["currency"], "unitOfMeasure": item.get("uom", ""),
        "startDate": price["effectiveFrom"][:10] + DATE_SUFFIX, "expireDate": None, "amountType": "L",
        "listPrice": as_number(price["price"]), "lastModifiedDate": price["modifiedAt"],
    }  # fmt: skip
    return {**record, "dataOperation": "", "concurrencyHash": concurrency_hash(record)}


@router.get("/items")
async def read_item(
    request: Request,
    tenant: Tenant,
    _: QadCaller,
    domain_code: Annotated[str, Query(alias="domainCode")],
    code: Annotated[str, Query(alias="itemCode")],
) -> dict[str, Any]:
    check_view_uri(request, ITEM)
    with tenant.lock:
        item = tenant.items.get(code) if domain_code == tenant.domain else None
        return read_answer("items", [item_record(tenant, item)] if item else [])


@router.get("/priceListV2s")
async def read_price_lists(
    request: Request,
    tenant: Tenant,
    _: QadCaller,
    domain_code: Annotated[str, Query(alias="domainCode")],
    price_list: Annotated[str, Query(alias="priceListCode")],
    item_code: Annotated[str | None, Query(alias="itemCode")] = None,
    currency: Annotated[str | None, Query(alias="currencyCode")] = None,
) -> dict[str, Any]:
    check_view_uri(request, PRICE_LIST)
    with tenant.lock:
        prices = tenant.price_lists.get(price_list, {}) if domain_code == tenant.domain else {}
        return read_answer("priceListV2s", [
            price_record(tenant, price_list, price) for price in prices.values()
            if (item_code is None or price["itemNumber"] == item_code)
            and (currency is None or price["currency"] == currency)
        ])  # fmt: skip
