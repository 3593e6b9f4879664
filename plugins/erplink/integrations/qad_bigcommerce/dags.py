"""The DAGs of a QAD ↔ BigCommerce tenant: orders (hourly, and woken by webhooks) and catalog."""

from __future__ import annotations

from typing import Any

from erplink.config.tenants import TenantConfig


def build(tenant: TenantConfig) -> list[Any]:
    from erplink.dagfactory.sync import catalog_dag, orders_dag

    return [
        orders_dag(
            tenant,
            flows="erplink.integrations.qad_bigcommerce.flows",
            description="BigCommerce sales, payments and refunds → QAD journal entries",
            extra_loads=("load_payments",),
        ),
        catalog_dag(
            tenant,
            push="erplink.integrations.qad_bigcommerce.catalog:push_catalog",
            description="QAD item prices and available stock → BigCommerce",
        ),
    ]
