"""Extract: WooCommerce orders and refunds modified in a window (or named by id, or announced by webhooks)
into the ledger.

What is stored is what the load step needs and nothing that changes without the order changing: the
modification stamps, the fields a store computes for each request, and the integration's own write-back marker
are left out of the stored payload, so neither a read through another host name nor writing the ERP reference
back into the order makes the order look changed on the next run.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from erplink.flows.context import FlowContext
from erplink.flows.inbox_drain import drain_pending_events
from erplink.flows.order_walk import window_summary, with_marks
from erplink.flows.store_records import ORDER as ORDER
from erplink.flows.store_records import REFUND as REFUND
from erplink.flows.store_records import order_key as order_key
from erplink.flows.store_records import refund_key as refund_key
from erplink.ledger import InboxEvent, RecordKey, UpsertOutcome
from erplink.ledger.payloads import UNHASHED
from erplink.systems.woocommerce.config import woocommerce_store
from erplink.windows import Watermark, Window, next_watermark, parse_timestamp

# The watermark stream of the orders extract, in the ledger.
ORDERS_STREAM = "woocommerce.orders"
# Not the order itself: the modification stamps, and what the store derives per request (`payment_url` is built
# from the host name the request used; the flags and the symbol follow the status and the store's settings).
VOLATILE_ORDER_FIELDS = frozenset(
    {
        "date_modified",
        "date_modified_gmt",
        "_links",
        "payment_url",
        "needs_payment",
        "needs_processing",
        "is_editable",
        "currency_symbol",
    }
)
MARKER_META = "marker_meta"  # under the payload's unhashed part: the order's write-back marker entries
_WOO = "woocommerce"


@dataclass
class ExtractSummary:
    orders_read: int = 0
    orders_new: int = 0
    orders_changed: int = 0
    refunds_fetched_for: int = 0
    refunds_new: int = 0
    refunds_changed: int = 0
    inbox_events: int = 0
    watermark: dict[str, Any] | None = None
    window: dict[str, str | None] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def stored_order_payload(order: Mapping[str, Any], marker_key: str) -> dict[str, Any]:
    """The order as the ledger keeps it: without modification stamps, and with our own marker set apart.

    Writing the marker back must not make the order look changed (that would update the QAD order after every
    write-back), so marker entries move out of ``meta_data`` into the unhashed part, where the load finds them
    when the ledger has lost track of an order that is already in QAD.
    """
    payload = {k: v for k, v in order.items() if k not in VOLATILE_ORDER_FIELDS}
    meta = order.get("meta_data")
    if isinstance(meta, list):
        ours = [m for m in meta if isinstance(m, Mapping) and m.get("key") == marker_key]
        payload["meta_data"] = [m for m in meta if not (isinstance(m, Mapping) and m.get("key") == marker_key)]
        if ours:
            payload[UNHASHED] = {MARKER_META: ours}
    return payload


def marker_meta(payload: Mapping[str, Any]) -> list[Any]:
    """The write-back marker entries the stored order carried (``[]`` when none)."""
    unhashed = payload.get(UNHASHED)
    return list(unhashed.get(MARKER_META) or []) if isinstance(unhashed, Mapping) else []


def _modified(order: Mapping[str, Any]) -> datetime | None:
    """The order's modification stamp; None for a stamp that is missing, null, a number or unreadable, so the order
    is still stored and the mapping step quarantines it with a readable reason instead of the extract stopping."""
    stamp = order.get("date_modified_gmt")
    if isinstance(stamp, str) and len(stamp) == 19:
        stamp = stamp + "Z"
    if not isinstance(stamp, (str, datetime)):
        return None
    try:
        return parse_timestamp(stamp)
    except (TypeError, ValueError):
        return None


class RefundBacklog:
    """Orders whose refund summaries name refunds the ledger has not seen; read together once the orders are in.

    The summary on the order lacks the refund lines, so the refunds themselves are fetched, but only those: most
    orders have no new refund. Reading them together lets the store-wide refunds list answer 99 at a time.
    """

    def __init__(self) -> None:
        self.wanted: dict[int, list[int]] = {}
        self.currency: dict[int, Any] = {}

    def note(self, fc: FlowContext, order: Mapping[str, Any], *, seen: Callable[[RecordKey], bool]) -> None:
        order_id = int(order["id"])
        listed = [r.get("id") for r in order.get("refunds") or [] if isinstance(r, Mapping)]
        if all(isinstance(rid, int) and seen(refund_key(fc, order_id, rid)) for rid in listed):
            self.wanted.pop(order_id, None)  # a newer read of the order shows nothing new
            return
        self.wanted[order_id] = [rid for rid in listed if isinstance(rid, int)]
        self.currency[order_id] = order.get("currency")

    def fetch(self, fc: FlowContext) -> dict[int, list[dict[str, Any]]]:
        """The refunds of every noted order; an order deleted from the store since it was read has none."""
        return fc.store.refunds_of(self.wanted) if self.wanted else {}


def ingest_order(fc: FlowContext, order: Mapping[str, Any], summary: ExtractSummary, backlog: RefundBacklog) -> None:
    """Upsert one order and note it in ``backlog`` when it carries refunds the ledger has not seen."""
    raw_id = order.get("id")
    # A JSON true is an int to Python: without the bool test it would be tracked (and refunded) as order 1.
    if isinstance(raw_id, bool) or not isinstance(raw_id, int) or raw_id < 1:
        fc.log.error("WooCommerce returned an order without a usable id (%r); it cannot be tracked", raw_id)
        return
    summary.orders_read += 1
    result = fc.ledger.upsert_source(
        order_key(fc, raw_id),
        payload=stored_order_payload(order, woocommerce_store(fc.tenant).reference_meta_key),
        source_modified=_modified(order),
        run_id=fc.attempt.run_id,
    )
    if result.outcome is UpsertOutcome.INSERTED:
        summary.orders_new += 1
    elif result.outcome is UpsertOutcome.CHANGED:
        summary.orders_changed += 1
    backlog.note(fc, order, seen=lambda key: fc.ledger.get(key) is not None)


def unseen_refunds(
    fc: FlowContext, order: Mapping[str, Any], *, seen: Callable[[RecordKey], bool]
) -> list[dict[str, Any]] | None:
    """One order's full refunds when its `refunds` summary names one that is not ``seen``; None when all are."""
    backlog = RefundBacklog()
    backlog.note(fc, order, seen=seen)
    return backlog.fetch(fc).get(int(order["id"])) if backlog.wanted else None


def ingest_refunds(fc: FlowContext, backlog: RefundBacklog, summary: ExtractSummary) -> None:
    for order_id, refunds in backlog.fetch(fc).items():
        summary.refunds_fetched_for += 1
        for refund in refunds:
            payload = {k: v for k, v in refund.items() if k not in ("_links", "parent_id")}
            payload["_order"] = {"id": order_id, "currency": backlog.currency.get(order_id)}
            result = fc.ledger.upsert_source(
                refund_key(fc, order_id, refund["id"]), payload=payload,
                source_modified=None, run_id=fc.attempt.run_id,
            )  # fmt: skip
            if result.outcome is UpsertOutcome.INSERTED:
                summary.refunds_new += 1
            elif result.outcome is UpsertOutcome.CHANGED:
                summary.refunds_changed += 1


def _mark_id(order: Mapping[str, Any]) -> object | None:
    # An integer id counts towards the watermark; `ingest_order` refuses the unusable ones. JSON `true` is a bool,
    # which Python also calls an int: it is no id, and a mark "True" would sort among the ids as text.
    order_id = order.get("id")
    return order_id if isinstance(order_id, int) and not isinstance(order_id, bool) else None


def extract_orders(
    fc: FlowContext,
    window: Window | None,
    *,
    order_ids: Iterable[int] | None = None,
    previous: Watermark | None = None,
) -> ExtractSummary:
    """Page the store's orders (all statuses and the trash: cancellations and refunds matter too) into the ledger.

    With ``order_ids`` only those orders are read and the watermark does not move. Pages are consumed as they
    arrive; only (modified, id) pairs are kept to compute the next watermark.
    """
    summary = ExtractSummary()
    if window is not None:
        summary.window = window_summary(window)
    marks: list[tuple[datetime, str]] = []
    backlog = RefundBacklog()
    if order_ids:
        for order in fc.store.get_orders_by_ids(order_ids):
            ingest_order(fc, order, summary, backlog)
        ingest_refunds(fc, backlog, summary)
        summary.watermark = previous.to_dict() if previous else None
        return summary
    for order in with_marks(fc.store.iter_orders_with_trash(window), marks, modified=_modified, mark_id=_mark_id):
        ingest_order(fc, order, summary, backlog)
    drain_inbox(fc, summary, backlog)
    ingest_refunds(fc, backlog, summary)
    watermark = next_watermark(marks, modified=lambda m: m[0], record_id=lambda m: m[1], previous=previous)
    summary.watermark = watermark.to_dict() if watermark else None
    return summary


def drain_inbox(fc: FlowContext, summary: ExtractSummary, backlog: RefundBacklog | None = None) -> None:
    """Orders announced by webhooks: WooCommerce sends the whole order, so no API call is needed for it.

    Refunds the announced orders name are read with ``backlog`` by the caller; without one, here and now.
    """
    own_backlog = backlog is None
    backlog = RefundBacklog() if backlog is None else backlog
    skipped: Counter[str] = Counter()  # events marked done without ingesting, by topic

    def handle(events: list[InboxEvent]) -> None:
        for event in events:
            summary.inbox_events += 1
            if (
                event.resource == "order"
                and isinstance(event.payload, Mapping)
                and event.payload.get("line_items") is not None
            ):
                ingest_order(fc, event.payload, summary, backlog)
            else:
                skipped[event.topic or event.resource] += 1

    drain_pending_events(fc, system=_WOO, handle=handle)
    for kind, count in sorted(skipped.items()):
        # Only full orders are ingested; anything else (deletions, other resources) is dropped visibly, not silently.
        fc.log.info("inbox: skipped %d %s event(s) that carry no order to ingest", count, kind)
    if own_backlog:
        ingest_refunds(fc, backlog, summary)
