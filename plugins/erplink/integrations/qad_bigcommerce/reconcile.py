"""Reconciliation's reads for QAD ↔ BigCommerce: the store's orders and refunds of the period, and what QAD's
general ledger holds for each under its reference (an order's sale netted with its reversal, repost or
adjustments; a refund's entry). The comparison is the core's (erplink.reconciliation)."""

from __future__ import annotations

from datetime import datetime

from erplink.flows.context import FlowContext
from erplink.reconciliation import ReconcileSides
from erplink.systems.bigcommerce.documents import BigCommerceDocuments
from erplink.systems.bigcommerce.reconcile import store_documents
from erplink.systems.qad.journal_reconcile import erp_documents


def reconcile_sides(fc: FlowContext, since: datetime, until: datetime) -> ReconcileSides:
    # What the orders flow posts: the tenant's sale statuses, and a refunded order (it was a sale first).
    sales = {*fc.tenant.orders.sale_statuses, *BigCommerceDocuments.always_sold_statuses}
    store = store_documents(fc, since, until, sale_statuses=sales)
    return ReconcileSides(store=store, erp=erp_documents(fc, since, [doc.reference for doc in store]))
