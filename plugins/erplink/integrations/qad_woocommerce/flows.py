"""QAD ↔ WooCommerce: the steps the tenant's DAGs run, each callable without Airflow.

orders DAG: window → webhook health → extract (orders + refunds + inbox → ledger) → load orders → load refunds
→ write-back markers. catalog DAG: push QAD items, prices and stock to the store.
"""

from __future__ import annotations

from typing import Any

from erplink.flows import steps
from erplink.flows.context import FlowContext
from erplink.flows.steps import RecordsFailed, raise_for_failures
from erplink.integrations.qad_woocommerce.dry_run import plan_orders
from erplink.systems.qad.order_loads import QadOrderLoads
from erplink.systems.woocommerce.documents import WooCommerceDocuments
from erplink.systems.woocommerce.extract import ORDERS_STREAM
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


LOADS = QadOrderLoads(WooCommerceDocuments)
load_orders = LOADS.load_orders
release_waiting_refunds = LOADS.release_waiting_refunds
load_refunds = LOADS.load_refunds


def write_back(fc: FlowContext, *, keys: list[str] | None = None) -> dict[str, Any]:
    return steps.write_back(fc, entity=ORDER_MARKER, queue=queue_markers, target=OrderMarkerTarget(fc), keys=keys)
