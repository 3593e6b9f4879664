"""The `store` section of a tenant entry whose store is WooCommerce."""

from __future__ import annotations

from typing import ClassVar, Literal, cast

from pydantic import ValidationInfo, field_validator

from erplink.config.tenants import StoreConfig, TenantConfig
from erplink.systems.woocommerce import delivery

# wc/v3 order statuses, with the trash and the block checkout's drafts.
ORDER_STATUSES = frozenset(
    {"pending", "processing", "on-hold", "completed", "cancelled", "refunded", "failed", "trash", "checkout-draft"}
)


class WooCommerceStore(StoreConfig):
    order_statuses: ClassVar[frozenset[str]] = ORDER_STATUSES

    system: Literal["woocommerce"]
    # Key of the order meta_data entry that carries the ERP reference written back after posting.
    reference_meta_key: str = "_erplink_erp_ref"

    @field_validator("webhook_base_url")
    @classmethod
    def _a_url_wordpress_delivers_to(cls, value: str | None, info: ValidationInfo) -> str | None:
        # Runs after the section's own check (a URL is required while webhooks are on).
        if value is None or not info.data.get("webhooks", True):
            return value
        on_store_host = bool(info.data.get("webhook_receiver_on_store_host"))
        if problem := delivery.static_problem(value, on_store_host=on_store_host):
            raise ValueError(problem)
        return value


def woocommerce_store(tenant: TenantConfig) -> WooCommerceStore:
    """The tenant's store section, typed as the WooCommerce one it is."""
    # TenantConfig declares the section every store has; the model of each integration with a WooCommerce store
    # narrows `store` to WooCommerceStore, and the entry was validated with that model. Typed, not checked again.
    return cast(WooCommerceStore, tenant.store)
