"""The catalog push against the WooCommerce and Acumatica sandboxes: the store gets Acumatica's prices and the
stock available in the tenant's warehouses; a push after which nothing changed sends nothing and reads little;
what changes in Acumatica is pushed alone."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest

from erplink.config.tenants import load_tenants
from erplink.flows.context import FlowContext
from erplink.http.metrics import CallCounter
from erplink.http.retry import RetryPolicy
from erplink.integrations.acumatica_woocommerce.catalog import push_catalog
from erplink.integrations.acumatica_woocommerce.config import AcumaticaWooCommerceTenant
from erplink.ledger import AttemptContext, Ledger
from erplink.systems.acumatica.hooks.acumatica import AcumaticaHook
from erplink.systems.woocommerce.hooks.woocommerce import WooCommerceHook
from tests.support.integration import SandboxStates

TENANT = "demo_acumatica"
WAREHOUSES = ("WH1", "WH2")


class World(SandboxStates):
    def __init__(self, running: Any, ledger: Ledger) -> None:
        self.running = running
        self.ledger = ledger
        self.counters: list[CallCounter] = []

    def push(self, *, dry_run: bool = False):
        """One catalog run with a fresh context and hooks, as each scheduled task gets."""
        tenant = load_tenants().get(TENANT)
        assert isinstance(tenant, AcumaticaWooCommerceTenant)
        retry = RetryPolicy(max_attempts=2, sleep=lambda _: None, max_elapsed=None)
        counter = CallCounter()
        self.counters.append(counter)
        fc = FlowContext(
            tenant=tenant, ledger=self.ledger, dry_run=dry_run,
            attempt=AttemptContext(run_id=f"catalog-{len(self.counters)}", task_id="push_catalog", try_number=1,
                                   worker="test.catalog"),
            store_hook=WooCommerceHook(woocommerce_conn_id=tenant.store.conn_id, retry=retry, counter=counter),
            erp_hook=AcumaticaHook(acumatica_conn_id=tenant.erp.conn_id, retry=retry, counter=counter),
        )  # fmt: skip
        return push_catalog(fc)

    def calls(self, system: str) -> int:
        return sum(sum(statuses.values()) for statuses in self.counters[-1].snapshot().get(system, {}).values())

    def store_entry(self, sku: str) -> dict[str, Any]:
        docs = self.woo.docs
        return next(doc for doc in [*docs.products.values(), *docs.variations.values()] if doc.get("sku") == sku)

    def simple_product_sku(self) -> str:
        items = {item["InventoryID"]["value"] for item in self.acumatica.documents("StockItem")
                 if item["ItemStatus"]["value"] == "Active"}
        return next(p["sku"] for p in sorted(self.woo.docs.products.values(), key=lambda p: p["id"])
                    if p["type"] == "simple" and p["sku"] in items and p["status"] == "publish")

    def available(self, sku: str) -> int:
        levels = self.acumatica.instance.stock.levels_of(sku)
        return max(0, int(sum(level.available for level in levels if level.warehouse_id in WAREHOUSES)))


@pytest.fixture
def world(tmp_path, monkeypatch) -> Iterator[World]:
    from sandbox.runner import start_sandboxes

    with start_sandboxes(["woocommerce", "acumatica"], seed=7, orders=10, skus=30) as running:
        for name, value in running.env().items():
            monkeypatch.setenv(name, value)
        ledger = Ledger(f"sqlite:///{tmp_path / 'ledger.db'}")
        ledger.migrate()
        yield World(running, ledger)
        ledger.dispose()


def test_the_store_gets_acumaticas_price_and_the_stock_of_the_tenants_warehouses(world) -> None:
    summary = world.push()
    assert summary.pushed > 0 and summary.item_errors == [] and summary.bad_erp_rows == []
    sku = world.simple_product_sku()
    item = world.acumatica.document("StockItem", sku)
    entry = world.store_entry(sku)
    assert Decimal(entry["regular_price"]) == Decimal(str(item["DefaultPrice"]["value"]))
    assert entry["manage_stock"] is True and entry["stock_quantity"] == world.available(sku)
    assert world.acumatica.open_sessions() == []


def test_a_push_after_which_nothing_changed_sends_nothing_and_reads_little(world) -> None:
    world.push()
    summary = world.push()
    assert (summary.pushed, summary.batch_calls, summary.unknown_to_erp) == (0, 0, 0)
    # A token, the quantities changed since the mark, the items changed since theirs, the logout.
    assert world.calls("acumatica") <= 4
    assert world.calls("woocommerce") == 0


def test_a_stock_change_in_acumatica_is_pushed_alone(world) -> None:
    world.push()
    sku = world.simple_product_sku()
    world.acumatica.set_stock(sku, "WH1", on_hand=Decimal(world.available(sku) + 7), allocated=Decimal(0),
                              committed=Decimal(0))
    summary = world.push()
    assert summary.pushed == 1 and world.store_entry(sku)["stock_quantity"] == world.available(sku)


def test_a_dry_run_pushes_nothing_and_leaves_the_marks(world) -> None:
    world.push()
    sku = world.simple_product_sku()
    world.acumatica.alter_document("StockItem", [sku], {"DefaultPrice": {"value": 99.5}})
    dry = world.push(dry_run=True)
    assert dry.pushed == 0 and dry.dry_run_updates and world.store_entry(sku)["regular_price"] != "99.50"
    assert world.push().pushed == 1 and Decimal(world.store_entry(sku)["regular_price"]) == Decimal("99.50")
