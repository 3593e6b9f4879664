"""Which store systems' deliveries an integration drains from the inbox.

An event no integration drains would stay pending in the inbox forever, so the receiver turns such deliveries
away with 404 and a reason instead of acknowledging them. The answer comes from the registry's integrations (each
names the store systems whose deliveries its DAGs drain), not from which tenants a deployment configures, so the
answer for a URL never tells a caller whether a tenant exists.
"""

from __future__ import annotations


def consumed_store_systems() -> frozenset[str]:
    """Store systems whose deliveries some integration of the registry drains."""
    from erplink.registry import integrations

    return frozenset(system for spec in integrations().values() for system in spec.consumes_webhooks_of)


def not_consumed_reason(system: str) -> str:
    return f"no integration consumes {system} deliveries"
