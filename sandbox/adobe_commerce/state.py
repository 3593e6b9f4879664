"""One sandbox store: its documents, its clock (skewed against the caller's), its integration and admin tokens,
its request log, and the merchant's edits (`touch_order`, `add_invoice`, `add_credit_memo`, `add_comment`), which
tests use in process (`sandbox.state`) and the admin routes over HTTP."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sandbox.adobe_commerce.auth import Authenticator
from sandbox.adobe_commerce.dates import magento_time
from sandbox.adobe_commerce.documents import captured_invoice, credit_memo
from sandbox.adobe_commerce.options import Credentials, Options, credentials_for
from sandbox.adobe_commerce.records import Document, StoreRecords
from sandbox.adobe_commerce.seed import build_store
from sandbox.adobe_commerce.traffic import RequestLog
from sandbox.adobe_commerce.webhook_signing import key_pair, public_pem

if TYPE_CHECKING:
    from sandbox.seed import World

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


class StoreState:
    def __init__(self, world: World, options: Options, clock: Clock = system_clock) -> None:
        self.world, self.options, self.clock = world, options, clock
        self.credentials: Credentials = credentials_for(world.seed, options.store_code)
        self.auth = Authenticator(self.credentials)
        self.webhook_key = key_pair(world.seed)
        self.webhook_public_key = public_pem(self.webhook_key)
        self.lock = threading.RLock()
        self.log = RequestLog()
        self.rng = random.Random(world.seed)
        self.reset()

    def reset(self) -> None:
        """Back to the seeded store: documents, tokens, nonces, counters and log."""
        with self.lock:
            self.records: StoreRecords = build_store(self.world)
            self.auth.reset()
            self.order_page_requests = 0
            self.log.clear()

    def set_options(self, options: Options) -> None:
        with self.lock:
            self.options = options

    def now(self) -> datetime:
        """The store's own clock: skewed against the caller's, at whole seconds as it stamps documents."""
        return (self.clock() + timedelta(seconds=self.options.clock_skew_s)).replace(microsecond=0)

    def order(self, order_id: int) -> Document:
        return self.records.orders[order_id]

    def touch_order(self, order_id: int, *, status: str | None = None, state: str | None = None) -> Document:
        """A merchant edit in the admin: `updated_at` becomes now (on the order and its rows)."""
        with self.lock:
            order = self.records.orders[order_id]
            stamp = magento_time(self.now())
            order["updated_at"] = stamp
            for row in order["items"]:
                row["updated_at"] = stamp
            if status is not None:
                order["status"] = status
            if state is not None:
                order["state"] = state
            return order

    def add_invoice(self, order_id: int) -> Document:
        """Capture the rest of the order: a paid invoice, the order `processing` if it was new."""
        with self.lock:
            order = self.records.orders[order_id]
            invoice = captured_invoice(self.records, order, magento_time(self.now()))
            if order["state"] == "new":
                order.update(state="processing", status="processing")
            self.touch_order(order_id)
            return invoice

    def add_credit_memo(
        self, order_id: int, *, amount: float | None = None, adjustment_negative: float = 0.0
    ) -> Document:
        """An offline refund: every row's remaining quantity (or, with `amount`, an amount-only adjustment),
        minus `adjustment_negative` (a fee kept back). The order closes when all of it is refunded."""
        with self.lock:
            order = self.records.orders[order_id]
            carriers = [row for row in order["items"] if "parent_item_id" not in row]
            if amount is None:
                lines = [
                    (row["item_id"], row["qty_ordered"] - row["qty_refunded"],
                     round(row["row_total"] * (1 - row["qty_refunded"] / row["qty_ordered"]), 2))
                    for row in carriers
                    if row["qty_ordered"] > row["qty_refunded"]
                ]  # fmt: skip
                total = round(sum(line[2] for line in lines) - adjustment_negative, 2)
            else:
                lines, total = [], amount
            memo = credit_memo(self.records, order, magento_time(self.now()), total=total, lines=lines)
            if order["total_refunded"] >= order["grand_total"]:
                order.update(state="closed", status="closed")
            self.touch_order(order_id)
            return memo

    def add_comment(self, order_id: int, comment: dict[str, Any]) -> None:
        """`POST orders/{id}/comments`: a status history entry; a `status` in it becomes the order's status."""
        with self.lock:
            order = self.records.orders[order_id]
            entry: Document = {
                "comment": str(comment.get("comment") or ""),
                "created_at": magento_time(self.now()),
                "entity_id": self.records.take_id("status_history"),
                "entity_name": "order",
                "is_customer_notified": int(bool(comment.get("is_customer_notified"))),
                "is_visible_on_front": int(bool(comment.get("is_visible_on_front"))),
                "parent_id": order_id,
                "status": str(comment.get("status") or order["status"]),
            }
            order["status_histories"].insert(0, entry)
            self.touch_order(order_id, status=entry["status"])

    def churn(self, candidates: list[Document]) -> list[int]:
        """Orders of the window being read change while the walk goes on: a few get a new `updated_at`."""
        with self.lock:
            count = min(self.options.churn_orders, len(candidates))
            chosen = self.rng.sample([order["entity_id"] for order in candidates], count)
            for order_id in chosen:
                self.touch_order(order_id)
            return chosen
