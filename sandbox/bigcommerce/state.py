"""One sandbox store: its documents, its clock (skewed against the caller's), its quota, hooks and outbox.

`StoreState` is also the in-process handle tests use (`sandbox.state`): `touch_order` changes an order the way a
merchant editing it in the control panel would (new `date_modified`, a webhook fired), `capture_order` the way a
capture of its payment would.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sandbox.bigcommerce.dates import to_second
from sandbox.bigcommerce.hook_registry import HookRegistry
from sandbox.bigcommerce.options import Credentials, Options, credentials_for
from sandbox.bigcommerce.rate_limit import StoreQuota
from sandbox.bigcommerce.records import OrderRecord, StoreRecords
from sandbox.bigcommerce.seed import build_store
from sandbox.bigcommerce.statuses import STATUS_NAMES
from sandbox.bigcommerce.traffic import RequestLog
from sandbox.bigcommerce.transactions import AWAITING_PAYMENT, capture
from sandbox.bigcommerce.webhooks import Outbox

if TYPE_CHECKING:
    from sandbox.seed import World

Clock = Callable[[], datetime]
AWAITING_FULFILLMENT = 11  # where a captured order waits to be shipped


def system_clock() -> datetime:
    return datetime.now(UTC)


class StoreState:
    def __init__(self, world: World, options: Options, clock: Clock = system_clock) -> None:
        self.world, self.options, self.clock = world, options, clock
        self.credentials: Credentials = credentials_for(world.seed, options.store_hash)
        self.lock = threading.RLock()
        self.log = RequestLog()
        self.reset()

    def reset(self) -> None:
        """Back to the seeded store: documents, quota, hooks, outbox and log."""
        with self.lock:
            self.records: StoreRecords = build_store(self.world)
            self.quota = StoreQuota(self.options.quota_per_window, self.options.window_ms)
            self.hooks = HookRegistry(self.options.store_hash, self.credentials.client_id)
            self.outbox = Outbox(
                self.hooks,
                self.credentials.client_secret,
                self.options.store_id,
                self.options.duplicate_every,
                self.options.reorder_deliveries,
            )
            self.page_requests = 0
            self.log.clear()

    def set_options(self, options: Options) -> None:
        with self.lock:
            self.options = options
            self.quota = StoreQuota(options.quota_per_window, options.window_ms)
            self.outbox.duplicate_every, self.outbox.reorder = options.duplicate_every, options.reorder_deliveries

    def now(self) -> datetime:
        """The store's own clock: skewed against the caller's, and at whole seconds as it stamps documents."""
        return to_second(self.clock() + timedelta(seconds=self.options.clock_skew_s))

    def touch_order(self, order_id: int, *, status_id: int | None = None) -> OrderRecord:
        """A merchant edit: `date_modified` becomes now, `store/order/updated` (and `statusUpdated`) fire."""
        with self.lock:
            record = self.records.orders[order_id]
            record.modified = self.now()
            if status_id is not None and status_id != record.document["status_id"]:
                record.document.update(status_id=status_id, status=STATUS_NAMES[status_id])
                self.outbox.fire("store/order/statusUpdated", "order", order_id, self.now())
            self.outbox.fire("store/order/updated", "order", order_id, self.now())
            return record

    def capture_order(self, order_id: int, *, amount: Decimal | None = None) -> dict[str, Any]:
        """A capture of the order's payment: a `capture` transaction, `payment_status` "captured", an order
        awaiting payment moves on to Awaiting Fulfillment, and the order changes (`date_modified`, webhooks)."""
        with self.lock:
            transaction = capture(self.records, order_id, self.now(), amount)
            record = self.records.orders[order_id]
            record.document["payment_status"] = "captured"
            awaiting = record.document["status_id"] == AWAITING_PAYMENT
            self.touch_order(order_id, status_id=AWAITING_FULFILLMENT if awaiting else None)
            return transaction
