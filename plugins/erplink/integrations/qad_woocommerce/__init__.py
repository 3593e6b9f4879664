"""QAD ↔ WooCommerce: WooCommerce orders, refunds and customers into QAD sales orders, credit memos and customers;
QAD items, prices and available stock into the WooCommerce catalog."""

from __future__ import annotations

from typing import Any

from erplink.integration import Integration, lazy, order_replay_entities
from erplink.integrations.qad_woocommerce.config import QadWooCommerceTenant


def _store_hook(tenant: Any) -> Any:
    from erplink.systems.woocommerce.hooks.woocommerce import WooCommerceHook

    return WooCommerceHook(woocommerce_conn_id=tenant.store.conn_id, page_readers=tenant.store.page_readers)


def _erp_hook(tenant: Any) -> Any:
    if tenant.erp.transport == "qxtend":
        from erplink.systems.qad.hooks.qad_qxtend import QadQxtendHook

        return QadQxtendHook(qad_qxtend_conn_id=tenant.erp.conn_id)
    from erplink.systems.qad.hooks.qad import QadHook

    return QadHook(qad_conn_id=tenant.erp.conn_id)


INTEGRATION = Integration(
    name="qad_woocommerce",
    title="QAD ↔ WooCommerce",
    store_system="woocommerce",
    erp_system="qad",
    tenant_model=QadWooCommerceTenant,
    build_dags=lazy("erplink.integrations.qad_woocommerce.dags:build"),
    store_hook=_store_hook,
    erp_hook=_erp_hook,
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
