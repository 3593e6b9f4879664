"""QAD ↔ WooCommerce: WooCommerce orders, refunds and customers into QAD sales orders, credit memos and customers;
QAD items, prices and available stock into the WooCommerce catalog."""

from __future__ import annotations

from typing import Any

from erplink.integration import Integration, lazy, order_replay_entities
from erplink.integrations.qad_woocommerce.config import QadWooCommerceTenant
from erplink.systems.qad.transport import qad_hook


def _store_hook(tenant: Any) -> Any:
    from erplink.systems.woocommerce.hooks.woocommerce import WooCommerceHook

    return WooCommerceHook(woocommerce_conn_id=tenant.store.conn_id, page_readers=tenant.store.page_readers)


INTEGRATION = Integration(
    name="qad_woocommerce",
    title="QAD ↔ WooCommerce",
    store_system="woocommerce",
    erp_system="qad",
    tenant_model=QadWooCommerceTenant,
    build_dags=lazy("erplink.integrations.qad_woocommerce.dags:build"),
    store_hook=_store_hook,
    erp_hook=qad_hook,
    replay_entities=order_replay_entities(
        "erplink.integrations.qad_woocommerce.flows",
        orders="store orders, as QAD sales orders",
        refunds="store refunds, as QAD credit memos",
        markers="the QAD references written back into the store's orders",
    ),
    consumes_webhooks_of=("woocommerce",),
    plan_dry_run=lazy("erplink.integrations.qad_woocommerce.dry_run:plan_orders"),
    import_orders_dag="orders",
    catalog_stock=lazy("erplink.integrations.qad_woocommerce.catalog:catalog_stock"),
    push_stock_dag="catalog",
    ensure_webhooks=lazy("erplink.systems.woocommerce.webhook_health:ensure_webhooks"),
    reconcile=lazy("erplink.integrations.qad_woocommerce.reconcile:reconcile_sides"),
)
