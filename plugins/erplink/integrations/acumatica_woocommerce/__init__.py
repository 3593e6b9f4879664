"""Acumatica ↔ WooCommerce: paid WooCommerce orders into Acumatica AR sales invoices (the customer first), refunds
into credit memos; Acumatica stock item prices and available quantities into the WooCommerce catalog."""

from __future__ import annotations

from typing import Any

from erplink.integration import Integration, lazy, order_replay_entities
from erplink.integrations.acumatica_woocommerce.config import AcumaticaWooCommerceTenant


def _store_hook(tenant: Any) -> Any:
    from erplink.systems.woocommerce.hooks.woocommerce import WooCommerceHook

    return WooCommerceHook(woocommerce_conn_id=tenant.store.conn_id, page_readers=tenant.store.page_readers)


def _erp_hook(tenant: Any) -> Any:
    from erplink.systems.acumatica.hooks.acumatica import AcumaticaHook

    erp = tenant.erp
    return AcumaticaHook(
        acumatica_conn_id=erp.conn_id,
        endpoint_version=erp.endpoint_version,
        requests_per_minute=erp.requests_per_minute,
    )


INTEGRATION = Integration(
    name="acumatica_woocommerce",
    title="Acumatica ↔ WooCommerce",
    store_system="woocommerce",
    erp_system="acumatica",
    tenant_model=AcumaticaWooCommerceTenant,
    build_dags=lazy("erplink.integrations.acumatica_woocommerce.dags:build"),
    store_hook=_store_hook,
    erp_hook=_erp_hook,
    replay_entities=order_replay_entities(
        "erplink.integrations.acumatica_woocommerce.flows",
        orders="store orders, as Acumatica AR invoices",
        refunds="store refunds, as Acumatica credit memos",
        markers="the Acumatica invoice numbers written back into the store's orders",
    ),
    consumes_webhooks_of=("woocommerce",),
    plan_dry_run=lazy("erplink.integrations.acumatica_woocommerce.dry_run:plan_orders"),
    import_orders_dag="orders",
    catalog_stock=lazy("erplink.integrations.acumatica_woocommerce.catalog:catalog_stock"),
    push_stock_dag="catalog",
    ensure_webhooks=lazy("erplink.systems.woocommerce.webhook_health:ensure_webhooks"),
    reconcile=lazy("erplink.integrations.acumatica_woocommerce.reconcile:reconcile_sides"),
)
