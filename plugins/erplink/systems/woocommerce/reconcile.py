"""The store side of a reconciliation: the WooCommerce orders created in a period, and their refunds, with the
amounts the store shows for them (grand total, tax, shipping; a refund's amount).

Orders are read by creation date (``after``/``before`` with ``dates_are_gmt``; both bounds exclusive, so one second
wider and trimmed here), every status and the trash (``any`` leaves the trash out). A refund is taken from its
order's refund summary: the refunds of the period's orders, without a request of their own.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from erplink.flows.context import FlowContext
from erplink.reconciliation import Amounts, StoreDocument
from erplink.systems.woocommerce.extract import ORDER, REFUND, order_key, refund_key
from erplink.systems.woocommerce.mappings.orders import order_record_key, refund_record_key
from erplink.systems.woocommerce.mappings.references import reference_for_order, reference_for_refund
from erplink.windows import iso_seconds, parse_timestamp


def _money(value: Any) -> Decimal:
    try:
        return Decimal(str(value or "0"))
    except InvalidOperation:
        return Decimal(0)


def orders_created(fc: FlowContext, since: datetime, until: datetime) -> Iterator[dict[str, Any]]:
    """Every order created in [since, until), the trash included, each once."""
    params = {"after": iso_seconds(since - timedelta(seconds=1)), "before": iso_seconds(until + timedelta(seconds=1)),
              "dates_are_gmt": "true"}  # fmt: skip
    seen: set[int] = set()
    for statuses in (None, ("trash",)):
        for order in fc.store.iter_orders(statuses=statuses, params=params):
            created = order.get("date_created_gmt")
            if order["id"] in seen or not created:
                continue
            if (
                since
                <= parse_timestamp(created + "Z" if "+" not in created and not created.endswith("Z") else created)
                < until
            ):
                seen.add(order["id"])
                yield order


def store_documents(
    fc: FlowContext, since: datetime, until: datetime, *, sale_statuses: Collection[str]
) -> list[StoreDocument]:
    """The period's orders and their refunds; a refund is expected in the ERP when its order is a sale."""
    store_key = fc.tenant.store.store_key
    documents: list[StoreDocument] = []
    for order in orders_created(fc, since, until):
        order_id = int(order["id"])
        sale = order.get("status") in sale_statuses
        documents.append(StoreDocument(
            entity=ORDER, source_id=order_key(fc, order_id).source_id, kind="order",
            reference=reference_for_order(store_key, order_id), label=order_record_key(order_id),
            currency=str(order.get("currency") or ""), expected_in_erp=sale,
            amounts=Amounts(total=_money(order.get("total")), tax=_money(order.get("total_tax")),
                            shipping=_money(order.get("shipping_total"))),
        ))  # fmt: skip
        for summary in order.get("refunds") or []:
            if isinstance(summary, Mapping) and isinstance(summary.get("id"), int):
                refund_id = int(summary["id"])
                documents.append(StoreDocument(
                    entity=REFUND, source_id=refund_key(fc, order_id, refund_id).source_id, kind="refund",
                    reference=reference_for_refund(store_key, order_id, refund_id),
                    label=refund_record_key(order_id, refund_id), currency=str(order.get("currency") or ""),
                    expected_in_erp=sale, amounts=Amounts(total=abs(_money(summary.get("total")))),
                ))  # fmt: skip
    return documents
