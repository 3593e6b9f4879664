"""QAD ↔ BigCommerce: BigCommerce sales, payments and refunds into QAD's general ledger as journal entries (the
shopper as a QAD customer); QAD item prices and available stock into the BigCommerce catalog."""

from __future__ import annotations

from typing import Any

from erplink.integration import Integration, ReplayEntity, lazy, order_replay_entities
from erplink.integrations.qad_bigcommerce.config import QadBigCommerceTenant

FLOWS = "erplink.integrations.qad_bigcommerce.flows"


def _store_hook(tenant: Any) -> Any:
    from erplink.systems.bigcommerce.hooks.bigcommerce import BigCommerceHook

    return BigCommerceHook(bigcommerce_conn_id=tenant.store.conn_id)


def _erp_hook(tenant: Any) -> Any:
    from erplink.systems.qad.hooks.qad import QadHook

    return QadHook(qad_conn_id=tenant.erp.conn_id)


INTEGRATION = Integration(
    name="qad_bigcommerce",
    title="QAD ↔ BigCommerce",
    store_system="bigcommerce",
    erp_system="qad",
    tenant_model=QadBigCommerceTenant,
    build_dags=lazy("erplink.integrations.qad_bigcommerce.dags:build"),
    store_hook=_store_hook,
    erp_hook=_erp_hook,
    replay_entities={
        **order_replay_entities(
            FLOWS,
            orders="store orders, as QAD sale journal entries",
            refunds="store refunds, as QAD refund journal entries",
            markers="the QAD journal numbers written back into the store's orders",
        ),
        "payment": ReplayEntity(
            "store payments, as QAD payment journal entries",
            lambda fc, keys: lazy(f"{FLOWS}:load_payments")(fc, keys=keys),
            calls=("erp",),
        ),
    },
    consumes_webhooks_of=("bigcommerce",),
    plan_dry_run=lazy("erplink.integrations.qad_bigcommerce.dry_run:plan_orders"),
    import_orders_dag="orders",
    ensure_webhooks=lazy("erplink.systems.bigcommerce.webhook_health:ensure_webhooks"),
    reconcile=lazy("erplink.integrations.qad_bigcommerce.reconcile:reconcile_sides"),
)
