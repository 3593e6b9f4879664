"""The `store` section of a tenant entry whose store is Adobe Commerce."""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal, cast

from pydantic import Field

from erplink.config.tenants import StoreConfig, TenantConfig
from erplink.systems.adobe_commerce.mappings.statuses import ORDER_STATES


class AdobeCommerceStore(StoreConfig):
    # Magento order states (mappings/statuses.py): `orders.sale_statuses` names states, not renamable status labels.
    order_statuses: ClassVar[frozenset[str]] = ORDER_STATES

    system: Literal["adobe_commerce"]
    # The ERP reference is written back as an order comment (status history) starting with this text; the extract
    # finds it by this text, so it must stay the same once live.
    reference_comment_prefix: Annotated[str, Field(min_length=3, max_length=64)] = "ERP reference:"
    # Orders asked for a page: Magento's input limits (when an administrator turns them on) cap a page at 300.
    page_size: Annotated[int, Field(ge=10, le=300)] = 100


def adobe_commerce_store(tenant: TenantConfig) -> AdobeCommerceStore:
    """The tenant's store section, typed as the Adobe Commerce one it is."""
    # The model of each integration with an Adobe Commerce store narrows `store` to AdobeCommerceStore, and the
    # entry was validated with that model. Typed, not checked again.
    return cast(AdobeCommerceStore, tenant.store)
