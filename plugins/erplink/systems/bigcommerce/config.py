"""The `store` section of a tenant entry whose store is BigCommerce."""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal, cast

from pydantic import Field

from erplink.config.tenants import StoreConfig, TenantConfig
from erplink.systems.bigcommerce.mappings.statuses import ORDER_STATUSES


class BigCommerceStore(StoreConfig):
    # Status codes (mappings/statuses.py), so `orders.sale_statuses` names statuses the way the mapping does.
    order_statuses: ClassVar[frozenset[str]] = ORDER_STATUSES

    system: Literal["bigcommerce"]
    # The order metafield that carries the ERP reference written back after posting. Metafields are scoped to the
    # app's client id; the namespace keeps ours apart from other apps' and staff's.
    reference_namespace: Annotated[str, Field(min_length=1, max_length=64)] = "erplink"
    reference_key: Annotated[str, Field(min_length=1, max_length=64)] = "erp_reference"
    # The inventory location the ERP's available stock is set at (1: the store's default location).
    inventory_location_id: Annotated[int, Field(ge=1)] = 1


def bigcommerce_store(tenant: TenantConfig) -> BigCommerceStore:
    """The tenant's store section, typed as the BigCommerce one it is."""
    # The model of each integration with a BigCommerce store narrows `store` to BigCommerceStore, and the entry was
    # validated with that model. Typed, not checked again.
    return cast(BigCommerceStore, tenant.store)
