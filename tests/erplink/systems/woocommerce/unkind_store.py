"""Small WooCommerce stores for extract tests, served in this process: orders piled on a few seconds, ties
shuffled on every request, orders churning between page requests, and a ledger to read them into."""

from __future__ import annotations

import random
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from erplink.config.tenants import load_tenants
from erplink.flows.context import FlowContext
from erplink.systems.woocommerce.extract import ExtractSummary, extract_orders
from erplink.systems.woocommerce.hooks.woocommerce import WooCommerceHook
from erplink.ledger import AttemptContext, Ledger
from erplink.windows import Watermark, Window
from sandbox.seed import World, generate_world
from sandbox.seed.clock import woo_dates
from sandbox.woocommerce import create_sandbox
from sandbox.woocommerce.churn import ChurnPlan
from tests.erplink.hooks.fakes import NO_RETRY, use_connection
from tests.support.asgi_session import asgi_session

NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
STORE_URL = "https://shop.example.com"
TENANT, INTEGRATION = "demo", "qad_woocommerce"


def pile_on_seconds(world: World, *, seconds: int, seed: int) -> World:
    """Give every order one of ``seconds`` modification seconds in the hour before ``NOW`` (heavy ties)."""
    rng = random.Random(seed)
    stamps = sorted({NOW - timedelta(hours=1) + timedelta(seconds=rng.randrange(3600)) for _ in range(seconds)})
    for order in world.orders:
        order["date_modified"], order["date_modified_gmt"] = woo_dates(rng.choice(stamps))
    return world


def tied_world(*, seed: int, orders: int, seconds: int) -> World:
    return pile_on_seconds(generate_world(seed=seed, orders=orders, skus=20, now=NOW), seconds=seconds, seed=seed)


@dataclass
class Shop:
    """One sandbox store; its clock stands still unless a test moves it."""

    world: World
    tie_seed: int
    now: datetime = NOW + timedelta(hours=1)

    def __post_init__(self) -> None:
        self.sandbox = create_sandbox(self.world, clock=lambda: self.now.timestamp(), site_url=STORE_URL)
        self.state = self.sandbox.state
        self.state.docs.tie_seed = self.tie_seed

    def churn(self, per_request: int, seed: int) -> None:
        self.state.churn.set(ChurnPlan(per_request=per_request, seed=seed) if per_request else None)

    def order_statuses(self) -> dict[int, str]:
        with self.state.docs.lock:
            return {order_id: order["status"] for order_id, order in self.state.docs.orders.items()}

    def touched(self) -> set[int]:
        return {order_id for _, order_id in self.state.churn.touched}

    def hook(self, monkeypatch: pytest.MonkeyPatch, *, readers: int = 1, host: str = STORE_URL) -> WooCommerceHook:
        key = self.state.read_write_key
        use_connection(monkeypatch, WooCommerceHook, conn_type="woocommerce", host=host, login=key.consumer_key,
                       password=key.consumer_secret, extra={"page_readers": readers})
        return WooCommerceHook(woocommerce_conn_id="under_test", session=asgi_session(self.sandbox.app),
                               retry=NO_RETRY)


@contextmanager
def ledger_context(hook: WooCommerceHook) -> Iterator[FlowContext]:
    """The demo tenant's flow context on a fresh SQLite ledger, reading through ``hook``."""
    with tempfile.TemporaryDirectory(prefix="erplink-extract-") as folder:
        ledger = Ledger(f"sqlite:///{Path(folder) / 'ledger.db'}")
        ledger.migrate()
        try:
            yield FlowContext(tenant=load_tenants().get(TENANT), ledger=ledger,
                              attempt=AttemptContext(run_id="run", task_id="extract", try_number=1, worker="w"),
                              store_hook=hook)
        finally:
            ledger.dispose()


def run_extract(fc: FlowContext, window: Window, previous: Watermark | None = None) -> ExtractSummary:
    return extract_orders(fc, window, previous=previous)


def ledger_orders(fc: FlowContext) -> dict[int, dict[str, Any]]:
    return {int(r.key.source_id): r.payload for r in fc.ledger.records(tenant=TENANT, integration=INTEGRATION,
                                                                       entity="order")}


def read_ids(orders: Callable[[], Iterator[dict[str, Any]]]) -> list[int]:
    return [order["id"] for order in orders()]
