"""Which store systems' deliveries an integration drains from the inbox.

An event no integration drains would stay pending in the inbox forever, so the receiver turns such deliveries
away with 404 and a reason instead of acknowledging them. The integrations are those the tenant configuration
accepts (``<erp>_<store>``, each with DAGs that drain its store's inbox). The rule depends on the code, not on
which tenants a deployment configures, so the answer for a URL never tells a caller whether a tenant exists.
"""

from __future__ import annotations

from typing import get_args


def consumed_store_systems() -> frozenset[str]:
    """Store systems named by an integration the tenant configuration accepts (``qad_woocommerce`` -> woocommerce)."""
    from erplink.config.tenants import TenantConfig

    integrations = get_args(TenantConfig.model_fields["integration"].annotation)
    return frozenset(name.split("_", 1)[1] for name in integrations)


def not_consumed_reason(system: str) -> str:
    return f"no integration consumes {system} deliveries"
