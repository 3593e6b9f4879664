"""QAD ↔ WooCommerce: WooCommerce orders, refunds and customers into QAD sales orders, credit memos and customers;
QAD items, prices and available stock into the WooCommerce catalog."""

from __future__ import annotations

from typing import Any

from erplink.integration import Integration, ReplayEntity, lazy
from erplink.integrations.qad_woocommerce.config import QadWooCommerceTenant

_FLOWS = "erplink.integrations.qad_woocommerce.flows"


def _store_hook(tenant: Any) -> Any:
    from erplink.systems.woocommerce.hooks.woocommerce import WooCommerceHook

    return WooCommerceHook(woocommerce_conn_id=tenant.store.conn_id, page_readers=tenant.store.page_readers)


def _erp_hook(tenant: Any) -> Any:
    from erplink.systems.qad.hooks.qad import QadHook

    return QadHook(qad_conn_id=tenant.erp.conn_id)


def _write_back(fc: Any, _keys: list[str] | None) -> dict[str, Any]:
    from erplink.integrations.qad_woocommerce.flows import write_back

    return write_back(fc)  # markers are cheap to rewrite: the whole queue goes


INTEGRATION = Integration(
    name="qad_woocommerce",
    title="QAD ↔ WooCommerce",
    store_system="woocommerce",
    erp_system="qad",
    tenant_model=QadWooCommerceTenant,
    build_dags=lazy("erplink.integrations.qad_woocommerce.dags:build"),
    store_hook=_store_hook,
    erp_hook=_erp_hook,
    replay_entities={
        "order": ReplayEntity(
            "store orders, as QAD sales orders",
            lambda fc, keys: lazy(f"{_FLOWS}:load_orders")(fc, keys=keys),
            calls=("erp",),
        ),
        "refund": ReplayEntity(
            "store refunds, as QAD credit memos",
            lambda fc, keys: lazy(f"{_FLOWS}:load_refunds")(fc, keys=keys),
            calls=("erp",),
        ),
        "order_marker": ReplayEntity(
            "the QAD references written back into the store's orders", _write_back, calls=("store",)
        ),
    },
    consumes_webhooks_of=("woocommerce",),
    plan_dry_run=lazy("erplink.integrations.qad_woocommerce.dry_run:plan_orders"),
    ensure_webhooks=lazy("erplink.systems.woocommerce.webhook_health:ensure_webhooks"),
    reconcile=lazy("erplink.integrations.qad_woocommerce.reconcile:reconcile_sides"),
)
