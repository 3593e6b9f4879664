"""The DAGs of a QAD ↔ Adobe Commerce tenant: orders (hourly, and woken by webhooks)."""

from __future__ import annotations

from typing import Any

from erplink.config.tenants import TenantConfig


def build(tenant: TenantConfig) -> list[Any]:
    from erplink.dagfactory.sync import orders_dag

    return [
        orders_dag(
            tenant,
            flows="erplink.integrations.qad_adobe_commerce.flows",
            description="Adobe Commerce orders and credit memos → QAD",
        ),
    ]
