"""Acumatica ↔ WooCommerce: paid WooCommerce orders into Acumatica AR sales invoices (the customer first), refunds
into credit memos; Acumatica stock item prices and available quantities into the WooCommerce catalog."""

from __future__ import annotations

from typing import Any

from erplink.integration import Integration, ReplayEntity, lazy
from erplink.integrations.acumatica_woocommerce.config import AcumaticaWooCommerceTenant

_FLOWS = "erplink.integrations.acumatica_woocommerce.flows"


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


def _write_back(fc: Any, _keys: list[str] | None) -> dict[str, Any]:
    from erplink.integrations.acumatica_woocommerce.flows import write_back

    return write_back(fc)  # markers are cheap to rewrite: the whole queue goes


INTEGRATION = Integration(
    name="acumatica_woocommerce",
    title="Acumatica ↔ WooCommerce",
    store_system="woocommerce",
    erp_system="acumatica",
    tenant_model=AcumaticaWooCommerceTenant,
    build_dags=lazy("erplink.integrations.acumatica_woocommerce.dags:build"),
    store_hook=_store_hook,
    erp_hook=_erp_hook,
    replay_entities={
        "order": ReplayEntity(
            "store orders, as Acumatica AR invoices",
            lambda fc, keys: lazy(f"{_FLOWS}:load_orders")(fc, keys=keys),
            calls=("erp",),
        ),
        "refund": ReplayEntity(
            "store refunds, as Acumatica credit memos",
            lambda fc, keys: lazy(f"{_FLOWS}:load_refunds")(fc, keys=keys),
            calls=("erp",),
        ),
        "order_marker": ReplayEntity(
            "the Acumatica invoice numbers written back into the store's orders", _write_back, calls=("store",)
        ),
    },
    consumes_webhooks_of=("woocommerce",),
    plan_dry_run=lazy("erplink.integrations.acumatica_woocommerce.dry_run:plan_orders"),
    ensure_webhooks=lazy("erplink.systems.woocommerce.webhook_health:ensure_webhooks"),
)
