"""Extract: BigCommerce orders, refunds and payments modified in a window (or named by id, or announced by webhooks)
into the ledger.

A v2 order links to its products, shipping addresses and coupons instead of carrying them, so each order the
ledger does not already hold at the same ``date_modified`` is read with those parts (``order_parts``) and stored
with them in place of the links; an order the ledger holds at that stamp is unchanged and costs no request. The
refunds of the orders read come from the store-wide refunds list, a few dozen orders a request, and the order
carries their summaries too (a refund changes the order: its status and ``refunded_amount``).

The payments of an order read (not of an incomplete one: an abandoned checkout) come from its transactions, one
request an order: each transaction that may have taken money is stored under ``<order id>-<transaction id>`` with
its order's id and currency, and the mapping decides. A capture changes the order (its ``payment_status`` and
``date_modified``), so a payment taken after the order was first read arrives with the order's next read.

An order's payments and refunds are stored before the order itself: once the order is stored at its new stamp it is
not read again until it changes, so its row is the last write of it (a run killed earlier leaves it to be read again
whole). Orders are gathered and judged as the dry run gathers and judges them (``order_batches``).

What is stored is what the load step needs and nothing that changes without the order changing: the modification
stamp is kept beside the payload (``source_modified``), not in it. The write-back marker is an order metafield,
read once when the ledger first meets an order (an order the ERP may hold although the ledger lost track of it)
and kept in the unhashed part, so writing it never makes the order look changed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from erplink.flows.context import FlowContext
from erplink.flows.inbox_drain import drain_pending_events
from erplink.flows.order_walk import window_summary, with_marks
from erplink.flows.store_records import ORDER as ORDER
from erplink.flows.store_records import PAYMENT as PAYMENT
from erplink.flows.store_records import REFUND as REFUND
from erplink.flows.store_records import OrdersExtractSummary
from erplink.flows.store_records import order_key as order_key
from erplink.flows.store_records import payment_key as payment_key
from erplink.flows.store_records import refund_key as refund_key
from erplink.flows.store_records import usable_id as usable_id
from erplink.ledger import InboxEvent, UpsertOutcome
from erplink.ledger.payloads import UNHASHED
from erplink.systems.bigcommerce.mappings.payments import may_be_payment
from erplink.systems.bigcommerce.mappings.statuses import MONEYLESS_STATUSES, status_code
from erplink.systems.bigcommerce.order_batches import OrderBatch, held_at_stamp, marker_metafield
from erplink.systems.bigcommerce.order_batches import modified_stamp as modified_stamp
from erplink.windows import Watermark, Window, next_watermark

# The watermark stream of the orders extract, in the ledger.
ORDERS_STREAM = "bigcommerce.orders"
SYSTEM = "bigcommerce"  # the inbox's name for this store's webhook deliveries
# Not the order itself: the modification stamp, and the links the stored parts replace.
VOLATILE_ORDER_FIELDS = frozenset({"date_modified"})
MARKER = "marker"  # under the payload's unhashed part: the write-back metafield's value, when the order had one
REFUND_SUMMARY_FIELDS = ("id", "total_amount", "reason", "created")
ORDER_CONTEXT = "_order"  # in a stored refund or payment: its order's id and currency, which the mappings need


ExtractSummary = OrdersExtractSummary


def stored_order_payload(
    order: Mapping[str, Any],
    parts: Mapping[str, list[dict[str, Any]]],
    refunds: Iterable[Mapping[str, Any]],
    marker: str | None,
) -> dict[str, Any]:
    """The order as the ledger keeps it: parts in place of their links, refund summaries, no stamp, marker apart."""
    payload = {k: v for k, v in order.items() if k not in VOLATILE_ORDER_FIELDS}
    payload.update({name: list(rows) for name, rows in parts.items()})
    payload["refunds"] = [{k: r.get(k) for k in REFUND_SUMMARY_FIELDS} for r in sorted(refunds, key=_refund_id)]
    if marker is not None:
        payload[UNHASHED] = {MARKER: marker}
    return payload


def marker_of(payload: Mapping[str, Any]) -> str | None:
    """The write-back marker the stored order carried when first read (None when none)."""
    unhashed = payload.get(UNHASHED)
    value = unhashed.get(MARKER) if isinstance(unhashed, Mapping) else None
    return value if isinstance(value, str) else None


def _refund_id(refund: Mapping[str, Any]) -> int:
    value = refund.get("id")
    return value if isinstance(value, int) else 0


class _Storing:
    """The orders a walk meets, on their way into the ledger: one the ledger holds at its stamp is only counted, the
    others are stored a batch at a time (``OrderBatch``) with their parts, refunds and payments."""

    def __init__(self, fc: FlowContext, summary: ExtractSummary) -> None:
        self.fc = fc
        self.summary = summary
        self.batch = OrderBatch(fc, self._store_batch)

    def add(self, order: Mapping[str, Any]) -> None:
        order_id = usable_id(order)
        if order_id is None:
            raw_id = order.get("id")
            self.fc.log.error("BigCommerce returned an order without a usable id (%r); it cannot be tracked", raw_id)
            return
        self.summary.orders_read += 1
        if held_at_stamp(self.fc, order_id, order) is not None:
            self.summary.orders_unchanged += 1  # same stamp: its parts and refunds are what the ledger holds
            return
        self.batch.add(order_id, order)

    def flush(self) -> None:
        self.batch.flush()

    def _store_batch(self, orders: dict[int, Mapping[str, Any]], refunds: dict[int, list[dict[str, Any]]]) -> None:
        for order_id, order in orders.items():
            self._store_order(order_id, order, refunds.get(order_id, []))

    def _store_order(self, order_id: int, order: Mapping[str, Any], refunds: list[dict[str, Any]]) -> None:
        """The order's payments and refunds, then the order's own row, last: once the order is stored at its stamp
        it is not read again until it changes, so a run killed before that write leaves it to be read again whole,
        and one killed after it has nothing of the order left to store."""
        fc = self.fc
        key = order_key(fc, order_id)
        known = fc.ledger.get(key)
        marker = marker_of(known.payload) if known is not None else marker_metafield(fc, order_id)
        payload = stored_order_payload(order, fc.store.order_parts(order_id), refunds, marker)
        self._store_payments(order_id, order)
        for refund in refunds:
            self._store_refund(order_id, order, refund)
        result = fc.ledger.upsert_source(
            key, payload=payload, source_modified=modified_stamp(order), run_id=fc.attempt.run_id
        )
        if result.outcome is UpsertOutcome.INSERTED:
            self.summary.orders_new += 1
        elif result.outcome is UpsertOutcome.CHANGED:
            self.summary.orders_changed += 1

    def _store_refund(self, order_id: int, order: Mapping[str, Any], refund: Mapping[str, Any]) -> None:
        if not isinstance(refund.get("id"), int) or isinstance(refund.get("id"), bool):
            raw_id = refund.get("id")
            self.fc.log.error("refund of order %s without a usable id (%r); it cannot be tracked", order_id, raw_id)
            return
        payload = {**refund, ORDER_CONTEXT: {"id": order_id, "currency": order.get("currency_code")}}
        result = self.fc.ledger.upsert_source(
            refund_key(self.fc, order_id, refund["id"]), payload=payload, source_modified=None,
            run_id=self.fc.attempt.run_id,
        )  # fmt: skip
        if result.outcome is UpsertOutcome.INSERTED:
            self.summary.refunds_new += 1
        elif result.outcome is UpsertOutcome.CHANGED:
            self.summary.refunds_changed += 1

    def _store_payments(self, order_id: int, order: Mapping[str, Any]) -> None:
        if status_code(order.get("status_id")) in MONEYLESS_STATUSES:
            return  # no request: an abandoned checkout took no money
        context = {"id": order_id, "currency": order.get("currency_code")}
        for transaction in self.fc.store.transactions_of(order_id):
            if not may_be_payment(transaction):
                continue  # an authorization, a void, a failed attempt, a refund (read from the refunds list)
            transaction_id = usable_id(transaction) if isinstance(transaction, Mapping) else None
            if transaction_id is None:
                raw_id = transaction.get("id") if isinstance(transaction, Mapping) else type(transaction).__name__
                self.fc.log.error(
                    "transaction of order %s without a usable id (%r); it cannot be tracked", order_id, raw_id
                )
                continue
            result = self.fc.ledger.upsert_source(
                payment_key(self.fc, order_id, transaction_id), payload={**transaction, ORDER_CONTEXT: context},
                source_modified=None, run_id=self.fc.attempt.run_id,
            )  # fmt: skip
            if result.outcome is UpsertOutcome.INSERTED:
                self.summary.payments_new += 1
            elif result.outcome is UpsertOutcome.CHANGED:
                self.summary.payments_changed += 1


def extract_orders(
    fc: FlowContext,
    window: Window | None,
    *,
    order_ids: Iterable[int] | None = None,
    previous: Watermark | None = None,
) -> ExtractSummary:
    """Read the store's orders (all statuses) into the ledger, with their parts, refunds and payments.

    With ``order_ids`` only those orders are read and the watermark does not move. Orders are stored a batch at a
    time as the walk reads them; only (modified, id) pairs are kept to compute the next watermark.
    """
    summary = ExtractSummary()
    if window is not None:
        summary.window = window_summary(window)
    storing = _Storing(fc, summary)
    if order_ids:
        for order in fc.store.get_orders_by_ids(order_ids):
            storing.add(order)
        storing.flush()
        summary.watermark = previous.to_dict() if previous else None
        return summary
    marks: list[tuple[datetime, str]] = []
    walk = fc.store.iter_orders(window, readers=fc.tenant.page_readers)
    for order in with_marks(walk, marks, modified=modified_stamp, mark_id=usable_id):
        storing.add(order)
    storing.flush()
    drain_inbox(fc, summary, storing)
    watermark = next_watermark(marks, modified=lambda m: m[0], record_id=lambda m: m[1], previous=previous)
    summary.watermark = watermark.to_dict() if watermark else None
    return summary


def drain_inbox(fc: FlowContext, summary: ExtractSummary, storing: _Storing | None = None) -> None:
    """Orders announced by webhooks. A BigCommerce delivery only names the order (``data.id``), so each is read
    from the store; an event is marked done once its order is stored (a deleted order is simply not there)."""
    storing = storing or _Storing(fc, summary)
    skipped: Counter[str] = Counter()  # events marked done without reading an order, by topic

    def handle(events: list[InboxEvent]) -> None:
        order_ids = set()
        for event in events:
            summary.inbox_events += 1
            if event.resource == "order" and event.resource_id.isdigit() and int(event.resource_id) > 0:
                order_ids.add(int(event.resource_id))
            else:
                skipped[event.topic or event.resource] += 1
        for order in fc.store.get_orders_by_ids(order_ids) if order_ids else []:
            storing.add(order)
        storing.flush()

    drain_pending_events(fc, system=SYSTEM, handle=handle)
    for kind, count in sorted(skipped.items()):
        # Only orders are read; anything else (other resources) is dropped visibly, not silently.
        fc.log.info("inbox: skipped %d %s event(s) that name no order to read", count, kind)
