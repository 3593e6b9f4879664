"""The store's documents, id counters, JSON cache and list cache, shared by the resource modules.

Documents are never changed in place: a change copies the document, edits the copy and swaps it in. The seed
world's documents can therefore be shared (and reused after a reset), and a response's cached JSON bytes stay
valid until that one document changes. List queries are cached per collection version, so paging a large
collection costs one filter-and-sort, then one slice per page.
"""

from __future__ import annotations

import copy
import itertools
import random
import threading
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from sandbox.seed.clock import woo_dates
from sandbox.seed.world import World
from sandbox.woocommerce.encoding import wp_json
from sandbox.woocommerce.links import API_PATH
from sandbox.woocommerce.ordering import Ranking

EventSink = Callable[[str, str, int], None]  # (resource, event, resource id)


class Documents:
    def __init__(self, world: World, *, clock: Callable[[], float] = time.time,
                 site_url: str = "https://shop.example.com", tie_seed: int | None = None):
        self.world = world
        self.clock = clock
        # Tied rows come back in a new order on every request (see ordering.py); the seed makes a run replayable.
        self.tie_seed = world.seed if tie_seed is None else tie_seed
        self._tie_draws = itertools.count()
        self.lock = threading.RLock()
        self.site_url = site_url.rstrip("/")
        self.event_sinks: list[EventSink] = []
        self.load(world)

    def load(self, world: World) -> None:
        with self.lock:
            self.products: dict[int, dict] = {p["id"]: p for p in world.products}
            self.variations: dict[int, dict] = {}
            self.variation_parent: dict[int, int] = {}
            for parent_id, children in world.variations.items():
                for child in children:
                    self.variations[child["id"]] = child
                    self.variation_parent[child["id"]] = parent_id
            self.orders: dict[int, dict] = {o["id"]: o for o in world.orders}
            self.refunds: dict[int, list[dict]] = {oid: list(rs) for oid, rs in world.refunds.items()}
            self.refund_order: dict[int, int] = {r["id"]: oid for oid, rs in world.refunds.items() for r in rs}
            self.customers: dict[int, dict] = {c["id"]: c for c in world.customers}
            self.coupons: dict[int, dict] = {c["id"]: c for c in world.coupons}
            self.webhooks: dict[int, dict] = {}
            post_ids = [*self.products, *self.variations, *self.orders, *self.refund_order, *self.coupons, 9]
            self._next_post_id = max(post_ids) + 1
            self._next_customer_id = max([*self.customers, 1]) + 1
            self._next_webhook_id = 1
            order_items = (item["id"] for o in world.orders for key in ("line_items", "tax_lines", "shipping_lines",
                                                                      "fee_lines", "coupon_lines") for item in o[key])
            refund_items = (item["id"] for rs in world.refunds.values() for r in rs for item in r["line_items"])
            self._next_item_id = 1 + max((*order_items, *refund_items), default=0)
            self._next_meta_id = 1_000_000
            self._json: dict[tuple[str, int], bytes] = {}
            self._lists: dict[str, dict[Any, Ranking]] = {}

    # ids -------------------------------------------------------------------------------------------------------
    def next_post_id(self) -> int:
        with self.lock:
            self._next_post_id += 1
            return self._next_post_id - 1

    def next_customer_id(self) -> int:
        with self.lock:
            self._next_customer_id += 1
            return self._next_customer_id - 1

    def next_webhook_id(self) -> int:
        with self.lock:
            self._next_webhook_id += 1
            return self._next_webhook_id - 1

    def next_item_id(self) -> int:
        with self.lock:
            self._next_item_id += 1
            return self._next_item_id - 1

    def next_meta_id(self) -> int:
        with self.lock:
            self._next_meta_id += 1
            return self._next_meta_id - 1

    # time ------------------------------------------------------------------------------------------------------
    def now(self) -> datetime:
        return datetime.fromtimestamp(int(self.clock()), UTC)

    def stamp(self) -> tuple[str, str]:
        """(site-local, GMT) for "now", as the `date_*` / `date_*_gmt` pair."""
        return woo_dates(self.now())

    # caching ---------------------------------------------------------------------------------------------------
    @property
    def api_url(self) -> str:
        return self.site_url + API_PATH

    def set_site_url(self, url: str) -> None:
        with self.lock:
            self.site_url = url.rstrip("/")
            self._json.clear()

    def cached_json(self, kind: str, resource_id: int, build: Callable[[], Any]) -> bytes:
        key = (kind, resource_id)
        body = self._json.get(key)
        if body is None:
            body = wp_json(build())
            self._json[key] = body
        return body

    def changed(self, kinds: Iterable[str], keys: Iterable[tuple[str, int]] = ()) -> None:
        """Forget cached lists of these collections and cached bytes of these documents."""
        with self.lock:
            for kind in kinds:
                self._lists.pop(kind, None)
            for key in keys:
                self._json.pop(key, None)

    def tie_order(self) -> random.Random:
        """A generator for one request's order of tied rows: a new draw per request, replayable by seed."""
        with self.lock:
            return random.Random(f"{self.tie_seed}:{next(self._tie_draws)}")

    def cached_ids(self, kind: str, query: Any, compute: Callable[[], Ranking]) -> Ranking:
        with self.lock:
            per_kind = self._lists.setdefault(kind, {})
            ids = per_kind.get(query)
            if ids is None:
                ids = compute()
                per_kind[query] = ids
            return ids

    # events ----------------------------------------------------------------------------------------------------
    def emit(self, resource: str, event: str, resource_id: int) -> None:
        for sink in self.event_sinks:
            sink(resource, event, resource_id)


def copied(doc: dict) -> dict:
    return copy.deepcopy(doc)
