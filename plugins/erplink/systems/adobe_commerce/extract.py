"""Extract: Adobe Commerce orders updated in a window (or named by id, or announced by webhooks) into the ledger,
with their credit memos and invoices.

The orders list carries whole orders (items, addresses, payment, status history), so an order costs no request of
its own; they are walked in id order inside the ``updated_at`` window (``store_reads.orders_in_window``, see
``id_walk`` for why). An order the ledger holds at the same ``updated_at`` is unchanged and costs nothing more.
The others are gathered ``BATCH`` at a time and their credit memos and invoices read for the whole batch (a
search by ``order_id in (...)``): a credit memo or a capture changes its order (``total_refunded``,
``total_paid``, ``state``, ``updated_at``), so they arrive with the order's next read.

- An order is stored under its ``entity_id`` (entity ``order``), with its credit memos' summaries (``refunds``:
  ``id``, ``grand_total``, ``reason``).
- A credit memo is stored under ``<order id>-<credit memo id>`` (entity ``refund``) with its order's id and
  currency (``_order``).
- An invoice is stored under ``<order id>-<invoice id>`` (entity ``payment``) with its order's id, currency and
  payment method (``_order``). Invoices are records of their own, not a flag on the order, because an order may
  be invoiced in parts, each captured on its own day, and an ERP side posts each capture once as money received:
  the ledger's exactly-once load then applies to each. The mapping decides what an invoice means: a paid one
  (state 2) took money, an open or canceled one none (``mappings.payments``); the order row keeps ``total_paid``
  and ``total_due`` for a side that only needs to know whether the order is paid in full.

An order's credit memos and invoices are stored before the order itself: once the order is stored at its new stamp
it is not read again until it changes, so its row is the last write of it (a run killed earlier leaves it to be
read again whole).

What is stored is what the load step needs and nothing that changes without the order changing: ``updated_at``
is kept beside the payload (``source_modified``), not in it, and the status history is left out, since a comment
(ours, written back, or staff's) says nothing an ERP document holds. The write-back marker is read from that
history when the ledger first meets an order (an order the ERP may hold although the ledger lost track of it)
and kept in the unhashed part, so writing it never makes the order look changed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from erplink.flows.context import FlowContext
from erplink.flows.inbox_drain import drain_pending_events
from erplink.flows.order_batch import BATCH as BATCH
from erplink.flows.order_batch import OrderBatch, held_at_stamp
from erplink.flows.order_walk import window_summary, with_marks
from erplink.flows.store_records import ORDER as ORDER
from erplink.flows.store_records import PAYMENT as PAYMENT
from erplink.flows.store_records import REFUND as REFUND
from erplink.flows.store_records import OrdersExtractSummary
from erplink.flows.store_records import order_key as order_key
from erplink.flows.store_records import payment_key as payment_key
from erplink.flows.store_records import refund_key as refund_key
from erplink.flows.store_records import usable_id as store_usable_id
from erplink.ledger import InboxEvent, UpsertOutcome
from erplink.ledger.payloads import UNHASHED
from erplink.mappings.json_fields import parse_utc_datetime
from erplink.systems.adobe_commerce.config import adobe_commerce_store
from erplink.systems.adobe_commerce.store_reads import credit_memos_of, invoices_of, orders_by_ids, orders_in_window
from erplink.windows import Watermark, Window, next_watermark

ORDERS_STREAM = "adobe_commerce.orders"  # the watermark stream of the orders extract, in the ledger
SYSTEM = "adobe_commerce"  # the inbox's name for this store's webhook deliveries
# Not the order itself: the modification stamp, and the comments (the write-back marker among them).
VOLATILE_ORDER_FIELDS = frozenset({"updated_at", "status_histories"})
MARKER = "marker"  # under the payload's unhashed part: the write-back comment's reference, when the order had one
ORDER_CONTEXT = "_order"  # in a stored credit memo or invoice: its order's id, currency (and payment method)


ExtractSummary = OrdersExtractSummary


def usable_id(row: Mapping[str, Any]) -> int | None:
    return store_usable_id(row, "entity_id")


def modified_stamp(order: Mapping[str, Any]) -> datetime | None:
    """The order's ``updated_at``; None when missing or unreadable, so the order is still stored and the mapping
    step quarantines it with a readable reason instead of the extract stopping."""
    try:
        return parse_utc_datetime(order.get("updated_at"))
    except ValueError:
        return None


def marker_in_comments(comments: Any, prefix: str) -> str | None:
    """The reference the newest write-back comment names (the text after ``prefix``); None when there is none."""
    found: list[tuple[int, str]] = []
    for comment in comments if isinstance(comments, list) else []:
        text = comment.get("comment") if isinstance(comment, Mapping) else None
        if isinstance(text, str) and text.startswith(prefix) and text[len(prefix) :].strip():
            comment_id = comment.get("entity_id")
            found.append((comment_id if isinstance(comment_id, int) else 0, text[len(prefix) :].strip()))
    return max(found)[1] if found else None


def stored_order_payload(
    order: Mapping[str, Any], credit_memos: Iterable[Mapping[str, Any]], marker: str | None
) -> dict[str, Any]:
    """The order as the ledger keeps it: credit memo summaries, no stamp or comments, marker apart."""
    payload = {k: v for k, v in order.items() if k not in VOLATILE_ORDER_FIELDS}
    payload["refunds"] = [
        {"id": memo.get("entity_id"), "grand_total": memo.get("grand_total"), "reason": _first_comment(memo)}
        for memo in sorted(credit_memos, key=lambda memo: usable_id(memo) or 0)
    ]
    if marker is not None:
        payload[UNHASHED] = {MARKER: marker}
    return payload


def marker_of(payload: Mapping[str, Any]) -> str | None:
    """The write-back marker the stored order carried when first read (None when none)."""
    unhashed = payload.get(UNHASHED)
    value = unhashed.get(MARKER) if isinstance(unhashed, Mapping) else None
    return value if isinstance(value, str) else None


def _first_comment(memo: Mapping[str, Any]) -> str | None:
    comments = memo.get("comments")
    for comment in comments if isinstance(comments, list) else []:
        text = comment.get("comment") if isinstance(comment, Mapping) else None
        if isinstance(text, str) and text.strip():
            return text.strip()
    return None


class _Storing:
    """The orders a walk meets, on their way into the ledger: one the ledger holds at its stamp is only counted, the
    others are stored ``BATCH`` at a time with their credit memos and invoices."""

    def __init__(self, fc: FlowContext, summary: ExtractSummary) -> None:
        self.fc = fc
        self.summary = summary
        self.section = adobe_commerce_store(fc.tenant)
        self.batch = OrderBatch(self._store_batch)

    def add(self, order: Mapping[str, Any]) -> None:
        order_id = usable_id(order)
        if order_id is None:
            raw_id = order.get("entity_id")
            self.fc.log.error("Adobe Commerce returned an order without a usable id (%r); it cannot be tracked", raw_id)
            return
        self.summary.orders_read += 1
        if held_at_stamp(self.fc, order_id, modified_stamp(order)) is not None:
            self.summary.orders_unchanged += 1  # same stamp: its credit memos and invoices are what the ledger holds
            return
        self.batch.add(order_id, order)

    def flush(self) -> None:
        self.batch.flush()

    def _store_batch(self, waiting: dict[int, Mapping[str, Any]]) -> None:
        store, size = self.fc.store, self.section.page_size
        memos = credit_memos_of(store, waiting, page_size=size)
        invoices = invoices_of(store, waiting, page_size=size)
        for order_id, order in waiting.items():
            self._store_order(order_id, order, memos.get(order_id, []), invoices.get(order_id, []))

    def _store_order(
        self, order_id: int, order: Mapping[str, Any], memos: list[dict[str, Any]], invoices: list[dict[str, Any]]
    ) -> None:
        fc = self.fc
        key = order_key(fc, order_id)
        known = fc.ledger.get(key)
        if known is not None:
            marker = marker_of(known.payload)
        else:
            marker = marker_in_comments(order.get("status_histories"), self.section.reference_comment_prefix)
        payment = order.get("payment")
        method = payment.get("method") if isinstance(payment, Mapping) else None
        context = {"id": order_id, "currency": order.get("order_currency_code")}
        for invoice in invoices:
            self._store_child(PAYMENT, order_id, invoice, {**context, "method": method})
        for memo in memos:
            self._store_child(REFUND, order_id, memo, context)
        result = fc.ledger.upsert_source(
            key,
            payload=stored_order_payload(order, memos, marker),
            source_modified=modified_stamp(order),
            run_id=fc.attempt.run_id,
        )
        if result.outcome is UpsertOutcome.INSERTED:
            self.summary.orders_new += 1
        elif result.outcome is UpsertOutcome.CHANGED:
            self.summary.orders_changed += 1

    def _store_child(self, entity: str, order_id: int, row: Mapping[str, Any], context: Mapping[str, Any]) -> None:
        """A credit memo (``refund``) or an invoice (``payment``) of the order, with the order's ``context``."""
        row_id = usable_id(row)
        if row_id is None:
            raw_id = row.get("entity_id")
            self.fc.log.error("%s of order %s without a usable id (%r); it cannot be tracked", entity, order_id, raw_id)
            return
        key = (refund_key if entity == REFUND else payment_key)(self.fc, order_id, row_id)
        result = self.fc.ledger.upsert_source(
            key, payload={**row, ORDER_CONTEXT: dict(context)}, source_modified=None, run_id=self.fc.attempt.run_id
        )
        new, changed = ("refunds_new", "refunds_changed") if entity == REFUND else ("payments_new", "payments_changed")
        if result.outcome is UpsertOutcome.INSERTED:
            setattr(self.summary, new, getattr(self.summary, new) + 1)
        elif result.outcome is UpsertOutcome.CHANGED:
            setattr(self.summary, changed, getattr(self.summary, changed) + 1)


def extract_orders(
    fc: FlowContext,
    window: Window | None,
    *,
    order_ids: Iterable[int] | None = None,
    previous: Watermark | None = None,
) -> ExtractSummary:
    """Read the store's orders (all states) into the ledger, with their credit memos and invoices.

    With ``order_ids`` only those orders are read and the watermark does not move. Orders are stored a batch at a
    time as the walk reads them; only (modified, id) pairs are kept to compute the next watermark.
    """
    summary = ExtractSummary()
    if window is not None:
        summary.window = window_summary(window)
    storing = _Storing(fc, summary)
    page_size = storing.section.page_size
    if order_ids:
        for order in orders_by_ids(fc.store, order_ids, page_size=page_size):
            storing.add(order)
        storing.flush()
        summary.watermark = previous.to_dict() if previous else None
        return summary
    marks: list[tuple[datetime, str]] = []
    walk = orders_in_window(fc.store, window, page_size=page_size)
    for order in with_marks(walk, marks, modified=modified_stamp, mark_id=usable_id):
        storing.add(order)
    storing.flush()
    drain_inbox(fc, summary, storing)
    watermark = next_watermark(marks, modified=lambda m: m[0], record_id=lambda m: m[1], previous=previous)
    summary.watermark = watermark.to_dict() if watermark else None
    return summary


def drain_inbox(fc: FlowContext, summary: ExtractSummary, storing: _Storing | None = None) -> None:
    """Orders announced by webhooks (an order's save event names it by ``entity_id``), each read from the store; an
    event is marked done once its order is stored (a deleted order is simply not there)."""
    storing = storing or _Storing(fc, summary)
    skipped: Counter[str] = Counter()  # events marked done without reading an order, by topic

    def handle(events: list[InboxEvent]) -> None:
        order_ids = set()
        for event in events:
            summary.inbox_events += 1
            # A zero-padded number is an increment_id (what shoppers see), which the receiver falls back to when a
            # delivery has no entity_id: it names no entity_id, so it is not read as one.
            rid = event.resource_id
            if event.resource == "order" and rid.isdigit() and not rid.startswith("0") and len(rid) <= 18:
                order_ids.add(int(rid))
            else:
                skipped[event.topic or event.resource] += 1
        for order in orders_by_ids(fc.store, order_ids, page_size=storing.section.page_size) if order_ids else []:
            storing.add(order)
        storing.flush()

    drain_pending_events(fc, system=SYSTEM, handle=handle)
    for kind, count in sorted(skipped.items()):
        # Only orders are read; anything else (credit memos, invoices, customers) is dropped visibly, not silently:
        # a credit memo or an invoice changes its order, whose own event or the next poll brings it.
        fc.log.info("inbox: skipped %d %s event(s) that name no order to read", count, kind)
