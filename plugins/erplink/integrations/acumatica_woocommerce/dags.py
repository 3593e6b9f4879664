"""The DAGs of an Acumatica ↔ WooCommerce tenant: orders (hourly, and woken by the store's webhooks) and catalog."""

from __future__ import annotations

from typing import Any

from erplink.config.tenants import TenantConfig


def build(tenant: TenantConfig) -> list[Any]:
    from erplink.dagfactory.sync import catalog_dag, orders_dag

    return [
        orders_dag(
            tenant,
            flows="erplink.integrations.acumatica_woocommerce.flows",
            description="WooCommerce paid orders and refunds → Acumatica AR invoices and credit memos",
        ),
        catalog_dag(
            tenant,
            push="erplink.integrations.acumatica_woocommerce.catalog:push_catalog",
            description="Acumatica stock item prices and available stock → WooCommerce",
        ),
    ]
