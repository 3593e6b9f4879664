"""QAD ↔ Adobe Commerce: Adobe Commerce orders, credit memos and customers into QAD sales orders, credit memos and
customers."""

from __future__ import annotations

from typing import Any

from erplink.integration import Integration, lazy, order_replay_entities
from erplink.integrations.qad_adobe_commerce.config import QadAdobeCommerceTenant
from erplink.systems.qad.transport import qad_hook


def _store_hook(tenant: Any) -> Any:
    from erplink.systems.adobe_commerce.hooks.adobe_commerce import AdobeCommerceHook

    return AdobeCommerceHook(adobe_commerce_conn_id=tenant.store.conn_id)


INTEGRATION = Integration(
    name="qad_adobe_commerce",
    title="QAD ↔ Adobe Commerce",
    store_system="adobe_commerce",
    erp_system="qad",
    tenant_model=QadAdobeCommerceTenant,
    build_dags=lazy("erplink.integrations.qad_adobe_commerce.dags:build"),
    store_hook=_store_hook,
    erp_hook=qad_hook,
    replay_entities=order_replay_entities(
        "erplink.integrations.qad_adobe_commerce.flows",
        orders="store orders, as QAD sales orders",
        refunds="store credit memos, as QAD credit memos",
        markers="the QAD order numbers written back as order comments",
    ),
    consumes_webhooks_of=("adobe_commerce",),
    plan_dry_run=lazy("erplink.integrations.qad_adobe_commerce.dry_run:plan_orders"),
    import_orders_dag="orders",
)
