"""QAD ↔ BigCommerce: the steps the tenant's DAGs run, each callable without Airflow.

orders DAG: window → webhook health → extract (orders, refunds, payments + inbox → ledger) → sales (QAD journal
entries, the shopper as a QAD customer) → payments → refunds → write-back markers. catalog DAG: push QAD items'
prices and available stock to the store's variants.
"""

from __future__ import annotations

from typing import Any

from erplink.flows import steps
from erplink.flows.context import FlowContext
from erplink.flows.steps import RecordsFailed, raise_for_failures, run_protocol
from erplink.flows.store_records import PAYMENT
from erplink.integrations.qad_bigcommerce.dry_run import plan_orders
from erplink.integrations.qad_bigcommerce.journals import payment_journals, refund_journals, sale_journals
from erplink.load.order_checks import WAITING_FOR_ORDER
from erplink.systems.bigcommerce.documents import BigCommerceDocuments
from erplink.systems.bigcommerce.extract import ORDER, ORDERS_STREAM, REFUND
from erplink.systems.bigcommerce.order_steps import order_window
from erplink.systems.bigcommerce.order_steps import orders_extract as _orders_extract
from erplink.systems.bigcommerce.writeback import ORDER_MARKER, OrderMarkerTarget, queue_markers

__all__ = [
    "ORDERS_STREAM",
    "RecordsFailed",
    "extract",
    "load_orders",
    "load_payments",
    "load_refunds",
    "order_window",
    "raise_for_failures",
    "write_back",
]

extract = _orders_extract(plan_orders)


def load_orders(fc: FlowContext, *, keys: list[str] | None = None) -> dict[str, Any]:
    return run_protocol(fc, ORDER, sale_journals(fc), keys=keys)


def load_payments(fc: FlowContext, *, keys: list[str] | None = None) -> dict[str, Any]:
    documents = BigCommerceDocuments(fc)
    released = 0 if fc.dry_run else steps.release_waiting_refunds(
        fc, documents, entity=PAYMENT, waiting=WAITING_FOR_ORDER, order_id_of=documents.payment_order_id, keys=keys
    )  # fmt: skip
    result = run_protocol(fc, PAYMENT, payment_journals(fc), keys=keys)
    result["released_waiting"] = released
    return result


def load_refunds(fc: FlowContext, *, keys: list[str] | None = None) -> dict[str, Any]:
    documents = BigCommerceDocuments(fc)
    return steps.load_refunds(fc, documents, refund_journals(fc), entity=REFUND, waiting=WAITING_FOR_ORDER, keys=keys)


def write_back(fc: FlowContext, *, keys: list[str] | None = None) -> dict[str, Any]:
    return steps.write_back(fc, entity=ORDER_MARKER, queue=queue_markers, target=OrderMarkerTarget(fc), keys=keys)
