"""QAD ↔ Adobe Commerce: the steps the tenant's DAGs run, each callable without Airflow.

orders DAG: window → extract (orders, credit memos, paid invoices + inbox → ledger) → load orders (QAD sales
orders, the customer first) → load refunds (QAD credit memos) → write-back (an order comment naming the QAD order).
"""

from __future__ import annotations

from typing import Any

from erplink.flows import steps
from erplink.flows.context import FlowContext
from erplink.flows.steps import RecordsFailed, raise_for_failures
from erplink.integrations.qad_adobe_commerce.dry_run import plan_orders
from erplink.systems.adobe_commerce.documents import AdobeCommerceDocuments
from erplink.systems.adobe_commerce.extract import ORDERS_STREAM
from erplink.systems.adobe_commerce.order_steps import order_window
from erplink.systems.adobe_commerce.order_steps import orders_extract as _orders_extract
from erplink.systems.adobe_commerce.writeback import ORDER_MARKER, OrderMarkerTarget, queue_markers
from erplink.systems.qad.order_loads import QadOrderLoads

__all__ = [
    "ORDERS_STREAM",
    "RecordsFailed",
    "extract",
    "load_orders",
    "load_refunds",
    "order_window",
    "raise_for_failures",
    "write_back",
]

extract = _orders_extract(plan_orders)


LOADS = QadOrderLoads(AdobeCommerceDocuments)
load_orders = LOADS.load_orders
release_waiting_refunds = LOADS.release_waiting_refunds
load_refunds = LOADS.load_refunds


def write_back(fc: FlowContext, *, keys: list[str] | None = None) -> dict[str, Any]:
    return steps.write_back(fc, entity=ORDER_MARKER, queue=queue_markers, target=OrderMarkerTarget(fc), keys=keys)
