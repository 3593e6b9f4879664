"""The store side of a reconciliation: the BigCommerce orders created in a period, and their refunds, with the
amounts the store shows for them (``total_inc_tax``, ``total_tax``, ``shipping_cost_ex_tax``; a refund's
``total_amount``).

Orders are read by creation date (v2 ``min_date_created``/``max_date_created``: whole seconds, both bounds
inclusive, so the period is widened to whole seconds and trimmed here), every status, by the same id walk as the
extract. Their refunds come from the store-wide refunds list, a few dozen orders a request.
"""

from __future__ import annotations

import email.utils
from collections.abc import Collection, Iterator, Mapping
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from erplink.flows.context import FlowContext
from erplink.reconciliation import Amounts, StoreDocument
from erplink.systems.bigcommerce.extract import ORDER, REFUND, order_key, refund_key, usable_id
from erplink.systems.bigcommerce.mappings.dates import parse_rfc2822
from erplink.systems.bigcommerce.mappings.orders import order_record_key
from erplink.systems.bigcommerce.mappings.references import reference_for_order, reference_for_refund
from erplink.systems.bigcommerce.mappings.refunds import refund_record_key
from erplink.systems.bigcommerce.mappings.statuses import status_code
from erplink.windows import to_utc


def _money(value: Any) -> Decimal:
    try:
        return Decimal(str(value if value not in (None, "") else "0"))
    except InvalidOperation:
        return Decimal(0)


def _rfc2822(moment: datetime) -> str:
    return email.utils.format_datetime(to_utc(moment))


def _created(order: Mapping[str, Any]) -> datetime | None:
    try:
        return parse_rfc2822(order.get("date_created"))
    except ValueError:
        return None


def orders_created(fc: FlowContext, since: datetime, until: datetime) -> Iterator[dict[str, Any]]:
    """Every order created in [since, until), each once (the store's bounds are whole seconds, inclusive)."""
    upper = until.replace(microsecond=0) + (timedelta(seconds=1) if until.microsecond else timedelta(0))
    params = {"min_date_created": _rfc2822(since.replace(microsecond=0)), "max_date_created": _rfc2822(upper)}
    seen: set[int] = set()
    for order in fc.store.iter_orders(params=params):
        order_id, created = usable_id(order), _created(order)
        if order_id is None or created is None or order_id in seen:
            continue
        if since <= created < until:
            seen.add(order_id)
            yield order


def store_documents(
    fc: FlowContext, since: datetime, until: datetime, *, sale_statuses: Collection[str]
) -> list[StoreDocument]:
    """The period's orders and their refunds; a refund is expected in the ERP when its order is a sale."""
    store_key = fc.tenant.store.store_key
    documents: list[StoreDocument] = []
    sold: dict[int, tuple[bool, str]] = {}  # order id → (a sale?, currency), for its refunds
    for order in orders_created(fc, since, until):
        order_id = int(order["id"])
        sale = status_code(order.get("status_id")) in sale_statuses
        currency = str(order.get("currency_code") or "")
        sold[order_id] = (sale, currency)
        documents.append(StoreDocument(
            entity=ORDER, source_id=order_key(fc, order_id).source_id, kind="order",
            reference=reference_for_order(store_key, order_id), label=order_record_key(order_id),
            currency=currency, expected_in_erp=sale,
            amounts=Amounts(total=_money(order.get("total_inc_tax")), tax=_money(order.get("total_tax")),
                            shipping=_money(order.get("shipping_cost_ex_tax"))),
        ))  # fmt: skip
    refunds = fc.store.refunds_of(sorted(sold)) if sold else {}
    for order_id, found in sorted(refunds.items()):
        sale, currency = sold[order_id]
        for refund in found:
            refund_id = usable_id(refund)
            if refund_id is None:
                continue  # the extract cannot track it either (it logs it): nothing the ERP could hold
            documents.append(StoreDocument(
                entity=REFUND, source_id=refund_key(fc, order_id, refund_id).source_id, kind="refund",
                reference=reference_for_refund(store_key, order_id, refund_id),
                label=refund_record_key(order_id, refund_id), currency=currency, expected_in_erp=sale,
                amounts=Amounts(total=abs(_money(refund.get("total_amount")))),
            ))  # fmt: skip
    return documents
