"""QAD ↔ WooCommerce: the steps the tenant's DAGs run, each callable without Airflow.

orders DAG: window → webhook health → extract (orders + refunds + inbox → ledger) → load orders → load refunds
→ write-back markers. catalog DAG: push QAD items, prices and stock to the store.
"""

from __future__ import annotations

from typing import Any

from erplink.flows import steps
from erplink.flows.context import FlowContext
from erplink.flows.steps import RecordsFailed, raise_for_failures, run_protocol
from erplink.integrations.qad_woocommerce.dry_run import plan_orders
from erplink.systems.qad.targets import (
    WAITING_FOR_ORDER,
    CreditMemoTarget,
    CustomerDirectory,
    ItemCatalog,
    SalesOrderTarget,
)
from erplink.systems.woocommerce.documents import WooCommerceDocuments
from erplink.systems.woocommerce.extract import ORDER, ORDERS_STREAM, REFUND
from erplink.systems.woocommerce.order_steps import order_window, orders_extract
from erplink.systems.woocommerce.writeback import ORDER_MARKER, OrderMarkerTarget, queue_markers

__all__ = [
    "ORDERS_STREAM",
    "RecordsFailed",
    "extract",
    "load_orders",
    "load_refunds",
    "order_window",
    "raise_for_failures",
    "release_waiting_refunds",
    "write_back",
]

extract = orders_extract(plan_orders)


def load_orders(fc: FlowContext, *, keys: list[str] | None = None) -> dict[str, Any]:
    items, customers, documents = ItemCatalog(fc), CustomerDirectory(fc), WooCommerceDocuments(fc)
    items.prefetch(steps.pending_line_skus(fc, documents, entity=ORDER, keys=keys))
    return run_protocol(fc, ORDER, SalesOrderTarget(fc, documents, items, customers), keys=keys)


def release_waiting_refunds(fc: FlowContext) -> int:
    """Queue again the refunds parked because their order was not in QAD, where the order now is."""
    return steps.release_waiting_refunds(fc, WooCommerceDocuments(fc), entity=REFUND, waiting=WAITING_FOR_ORDER)


def load_refunds(fc: FlowContext, *, keys: list[str] | None = None) -> dict[str, Any]:
    documents = WooCommerceDocuments(fc)
    return steps.load_refunds(
        fc, documents, CreditMemoTarget(fc, documents), entity=REFUND, waiting=WAITING_FOR_ORDER, keys=keys
    )


def write_back(fc: FlowContext, *, keys: list[str] | None = None) -> dict[str, Any]:
    return steps.write_back(fc, entity=ORDER_MARKER, queue=queue_markers, target=OrderMarkerTarget(fc), keys=keys)
