"""Acumatica ↔ WooCommerce: the steps the tenant's DAGs run, each callable without Airflow.

orders DAG: window → webhook health → extract (WooCommerce orders + refunds + inbox → ledger) → load orders (AR
invoices, the customer first) → load refunds (credit memos) → write-back of the invoice numbers into the orders.
Every step that calls Acumatica ends its session when it is done, whatever happened, so no task keeps one of the
licence's API-user seats.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from erplink.flows import steps
from erplink.flows.context import FlowContext
from erplink.flows.steps import run_protocol
from erplink.integrations.acumatica_woocommerce.dry_run import plan_orders
from erplink.systems.acumatica.targets import (
    WAITING_FOR_ORDER,
    CreditMemoTarget,
    CustomerDirectory,
    InvoiceTarget,
    ItemCatalog,
)
from erplink.systems.woocommerce.documents import WooCommerceDocuments
from erplink.systems.woocommerce.extract import ORDER, ORDERS_STREAM, REFUND
from erplink.systems.woocommerce.order_steps import order_window, orders_extract
from erplink.systems.woocommerce.writeback import ORDER_MARKER, OrderMarkerTarget, queue_markers

__all__ = ["ORDERS_STREAM", "extract", "load_orders", "load_refunds", "order_window", "write_back"]

Step = TypeVar("Step", bound=Callable[..., Any])


def _ends_sessions(step: Step) -> Step:
    """Close the step's hooks when it ends, however it ends: Acumatica gives the licence seat back at once."""

    @functools.wraps(step)
    def run(fc: FlowContext, *args: Any, **kwargs: Any) -> Any:
        try:
            return step(fc, *args, **kwargs)
        finally:
            fc.close()

    return run  # type: ignore[return-value]


extract = _ends_sessions(orders_extract(plan_orders))


@_ends_sessions
def load_orders(fc: FlowContext, *, keys: list[str] | None = None) -> dict[str, Any]:
    items, documents = ItemCatalog(fc), WooCommerceDocuments(fc)
    items.prefetch(steps.pending_line_skus(fc, documents, entity=ORDER, keys=keys))
    target = InvoiceTarget(fc, documents, items, CustomerDirectory(fc))
    result = run_protocol(fc, ORDER, target, keys=keys)
    result["not_released"] = target.finish_releases()
    return result


@_ends_sessions
def load_refunds(fc: FlowContext, *, keys: list[str] | None = None) -> dict[str, Any]:
    documents = WooCommerceDocuments(fc)
    target = CreditMemoTarget(fc, documents)
    result = steps.load_refunds(fc, documents, target, entity=REFUND, waiting=WAITING_FOR_ORDER, keys=keys)
    result["not_released"] = target.finish_releases()
    return result


def write_back(fc: FlowContext, *, keys: list[str] | None = None) -> dict[str, Any]:
    return steps.write_back(fc, entity=ORDER_MARKER, queue=queue_markers, target=OrderMarkerTarget(fc), keys=keys)
