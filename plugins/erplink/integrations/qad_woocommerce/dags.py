"""The DAGs of a QAD ↔ WooCommerce tenant: orders (hourly, and woken by webhooks) and catalog (every 15 minutes)."""

from __future__ import annotations

from typing import Any

from erplink.config.tenants import TenantConfig


def build(tenant: TenantConfig) -> list[Any]:
    from erplink.dagfactory.sync import catalog_dag, orders_dag

    return [
        orders_dag(
            tenant,
            flows="erplink.integrations.qad_woocommerce.flows",
            description="WooCommerce orders and refunds → QAD",
        ),
        catalog_dag(
            tenant,
            push="erplink.integrations.qad_woocommerce.catalog:push_catalog",
            description="QAD items, prices and available stock → WooCommerce",
        ),
    ]
