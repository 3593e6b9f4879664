"""Reconciliation's reads for Acumatica ↔ WooCommerce: the store's orders and refunds of the period, and the
Acumatica invoices and credit memos under their references. The comparison is the core's (erplink.reconciliation).
"""

from __future__ import annotations

from datetime import datetime

from erplink.flows.context import FlowContext
from erplink.reconciliation import ReconcileSides
from erplink.systems.acumatica.reconcile import erp_documents
from erplink.systems.woocommerce.documents import WooCommerceDocuments
from erplink.systems.woocommerce.reconcile import store_documents


def reconcile_sides(fc: FlowContext, since: datetime, until: datetime) -> ReconcileSides:
    # What the orders flow posts: the tenant's sale statuses, and a fully refunded order (it was a sale first).
    sales = {*fc.tenant.orders.sale_statuses, *WooCommerceDocuments.always_sold_statuses}
    try:
        return ReconcileSides(
            store=store_documents(fc, since, until, sale_statuses=sales), erp=erp_documents(fc, since)
        )
    finally:
        fc.close()  # Acumatica gets its API-user seat back at once, not when the session idles out
