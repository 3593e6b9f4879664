"""The catalog push against the WooCommerce and QAD sandboxes: the SKU index follows products added to and
deleted from the store, and the tenant's `push_prices` / `push_stock` / `create_missing_products` settings
decide what reaches the store."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest

from erplink.config.tenants import CatalogConfig, load_tenants
from erplink.flows.context import FlowContext
from erplink.integrations.qad_woocommerce.catalog import CATALOG_SKU, push_catalog
from erplink.systems.qad.hooks.qad import QadHook
from erplink.systems.woocommerce.hooks.woocommerce import WooCommerceHook
from erplink.http.metrics import CallCounter
from erplink.http.retry import RetryPolicy
from erplink.ledger import AttemptContext, Ledger
from tests.support.integration import SandboxStates

NEW_SKU = "NEW-LAMP-01"
LOCATIONS = (("10-100", "FG"), ("10-100", "STAGE"), ("20-200", "FG"))


class World(SandboxStates):
    def __init__(self, running: Any, ledger: Ledger) -> None:
        self.running = running
        self.ledger = ledger
        self.runs = 0

    def push(self, **catalog: Any):
        """One catalog run with a fresh context, as each scheduled task gets; `catalog` overrides the config."""
        tenant = load_tenants().get("demo")
        tenant = tenant.model_copy(update={"catalog": CatalogConfig(**{**tenant.catalog.model_dump(), **catalog})})
        retry = RetryPolicy(max_attempts=2, sleep=lambda _: None, max_elapsed=None)
        counter = CallCounter()
        self.runs += 1
        fc = FlowContext(
            tenant=tenant, ledger=self.ledger,
            attempt=AttemptContext(run_id=f"catalog-{self.runs}", task_id="push_catalog", try_number=1,
                                   worker="test.catalog"),
            store_hook=WooCommerceHook(woocommerce_conn_id=tenant.store.conn_id, retry=retry, counter=counter),
            erp_hook=QadHook(qad_conn_id=tenant.erp.conn_id, retry=retry, counter=counter),
        )  # fmt: skip
        return push_catalog(fc)

    def store_product(self, sku: str) -> dict | None:
        return next((p for p in self.woo.docs.products.values() if p["sku"] == sku and p["status"] != "trash"), None)

    def simple_product(self) -> dict:
        """A published simple product whose SKU QAD sells."""
        erp = {item["itemNumber"] for item in self.qad.documents("items") if item["status"] == "ACTIVE"}
        return next(p for p in sorted(self.woo.docs.products.values(), key=lambda p: p["id"])
                    if p["type"] == "simple" and p["sku"] in erp and p["status"] == "publish")

    def set_available(self, sku: str, units: int) -> None:
        """QAD stock such that exactly `units` are available over the tenant's locations."""
        self.qad.set_stock(sku, *LOCATIONS[0], on_hand=Decimal(units), allocated=Decimal(0), committed=Decimal(0))
        for site, location in LOCATIONS[1:]:
            self.qad.set_stock(sku, site, location, on_hand=Decimal(0), allocated=Decimal(0), committed=Decimal(0))

    def add_qad_item(self, sku: str, description: str, price: str, units: int) -> None:
        self.qad.add_item(sku, description)
        self.qad.set_price(sku, Decimal(price), price_list="USD", currency="USD")
        self.set_available(sku, units)


@pytest.fixture
def world(tmp_path, monkeypatch) -> Iterator[World]:
    from sandbox.runner import start_sandboxes

    with start_sandboxes(["woocommerce", "qad"], seed=7, orders=10, skus=30) as running:
        for name, value in running.env().items():
            monkeypatch.setenv(name, value)
        ledger = Ledger(f"sqlite:///{tmp_path / 'ledger.db'}")
        ledger.migrate()
        yield World(running, ledger)
        ledger.dispose()


def _index_row(world: World, sku: str) -> Any:
    return next((r for r in world.ledger.records(tenant="demo", integration="qad_woocommerce", entity=CATALOG_SKU)
                 if r.key.source_id == sku), None)


def test_a_product_added_to_the_store_after_the_first_push_is_pushed_on_the_next_run(world: World) -> None:
    world.add_qad_item(NEW_SKU, "Desk lamp", "39.90", units=7)
    first = world.push()
    assert first.store_index_refreshed and NEW_SKU in first.missing_in_store

    made = world.woo.products.create({"name": "Desk lamp", "sku": NEW_SKU, "regular_price": "35.00",
                                      "manage_stock": True, "stock_quantity": 0})
    second = world.push()

    assert not second.store_index_refreshed  # found by SKU, not by reading the whole catalog again
    assert NEW_SKU not in second.missing_in_store and second.item_errors == []
    product = world.woo.docs.products[made["id"]]
    assert (product["regular_price"], product["stock_quantity"]) == ("39.90", 7)
    assert _index_row(world, NEW_SKU).target_id == str(made["id"])
    third = world.push()
    assert (third.looked_up, third.pushed) == (0, 0)  # in the index now: nothing is searched or sent again


def test_a_deleted_store_product_is_dropped_from_the_index_and_reported_missing_without_failing(world: World
                                                                                               ) -> None:
    world.push()
    product = world.simple_product()
    world.woo.products.delete(product["id"], force=True)
    world.set_available(product["sku"], (product["stock_quantity"] or 0) + 5)  # a change the push must send

    after_delete = world.push()

    assert after_delete.item_errors == []
    assert after_delete.dropped_from_index == [product["sku"]]
    assert product["sku"] in after_delete.missing_in_store
    row = _index_row(world, product["sku"])
    assert row.status.value == "skipped" and f"store product {product['id']} no longer exists" in row.last_error
    # The next run neither sends to the deleted id again nor fails; the SKU is still reported.
    again = world.push()
    assert (again.item_errors, again.dropped_from_index, again.batch_calls) == ([], [], 0)
    assert product["sku"] in again.missing_in_store


def test_a_product_deleted_and_made_again_under_the_same_sku_is_linked_and_pushed_in_the_same_run(world: World
                                                                                                  ) -> None:
    world.push()
    product = world.simple_product()
    world.woo.products.delete(product["id"], force=True)
    remade = world.woo.products.create({"name": product["name"], "sku": product["sku"], "regular_price": "1.00",
                                        "manage_stock": True, "stock_quantity": 0})
    world.set_available(product["sku"], 11)

    summary = world.push()

    assert summary.item_errors == [] and summary.dropped_from_index == [product["sku"]]
    assert product["sku"] not in summary.missing_in_store
    assert world.woo.docs.products[remade["id"]]["stock_quantity"] == 11
    assert _index_row(world, product["sku"]).target_id == str(remade["id"])


def _prices_and_stock(world: World) -> dict[int, tuple[str, Any, bool]]:
    return {p["id"]: (p["regular_price"], p["stock_quantity"], p["manage_stock"])
            for p in world.woo.docs.products.values() if p["type"] == "simple"}


@pytest.mark.parametrize(("setting", "kept", "changed"), [
    ({"push_prices": False}, lambda e: e[0], lambda e: e[1:]),
    ({"push_stock": False}, lambda e: e[1:], lambda e: e[0]),
])
def test_a_field_group_that_is_not_pushed_is_never_sent(world: World, setting: dict[str, bool],
                                                        kept: Callable, changed: Callable) -> None:
    product = world.simple_product()
    world.set_available(product["sku"], (product["stock_quantity"] or 0) + 3)
    world.qad.set_price(product["sku"], Decimal(product["regular_price"] or "0") + Decimal("2.25"),
                        price_list="USD", currency="USD")
    before = _prices_and_stock(world)

    summary = world.push(**setting)

    after = _prices_and_stock(world)
    assert summary.item_errors == [] and summary.pushed > 0
    assert all(kept(after[pid]) == kept(before[pid]) for pid in before), "a field the tenant does not push moved"
    assert changed(after[product["id"]]) != changed(before[product["id"]])


def test_neither_prices_nor_stock_pushed_sends_nothing(world: World) -> None:
    product = world.simple_product()
    world.set_available(product["sku"], (product["stock_quantity"] or 0) + 3)
    summary = world.push(push_prices=False, push_stock=False)
    assert (summary.pushed, summary.batch_calls) == (0, 0)


def test_missing_items_are_created_as_simple_products_only_when_the_tenant_asks(world: World) -> None:
    world.add_qad_item(NEW_SKU, "Desk lamp", "39.90", units=7)
    off = world.push()
    assert NEW_SKU in off.missing_in_store and world.store_product(NEW_SKU) is None

    on = world.push(create_missing_products=True)

    created = world.store_product(NEW_SKU)
    assert created is not None and NEW_SKU in on.created and NEW_SKU not in on.missing_in_store
    assert (created["type"], created["name"], created["regular_price"]) == ("simple", "Desk lamp", "39.90")
    assert (created["manage_stock"], created["stock_quantity"]) == (True, 7)
    assert _index_row(world, NEW_SKU).target_id == str(created["id"])
    again = world.push(create_missing_products=True)
    assert again.created == [] and again.batch_calls == 0  # linked: not created twice


def test_a_created_product_without_stock_push_does_not_manage_stock(world: World) -> None:
    world.add_qad_item(NEW_SKU, "Desk lamp", "39.90", units=7)
    world.push(create_missing_products=True, push_stock=False)
    created = world.store_product(NEW_SKU)
    assert created is not None and (created["manage_stock"], created["stock_quantity"]) == (False, None)


def test_a_product_the_store_refuses_to_create_is_reported_with_its_sku_and_reason(world: World) -> None:
    world.add_qad_item(NEW_SKU, "Desk lamp", "39.90", units=7)
    # A trashed product keeps its SKU: the search (status any) does not find it, but creation collides with it.
    trashed = world.woo.products.create({"name": "Old lamp", "sku": NEW_SKU})
    world.woo.products.delete(trashed["id"], force=False)

    summary = world.push(create_missing_products=True)

    assert NEW_SKU in summary.missing_in_store and summary.created == []
    assert len(summary.item_errors) == 1
    assert NEW_SKU in summary.item_errors[0] and "product_invalid_sku" in summary.item_errors[0]


def _variable_parent_qad_sells(world: World) -> dict:
    """The seeded variable product whose own SKU is also an active QAD item."""
    erp = {item["itemNumber"] for item in world.qad.documents("items") if item["status"] == "ACTIVE"}
    return next(p for p in world.woo.docs.products.values()
                if p["type"] == "variable" and p["sku"] in erp and p["status"] == "publish")


def _products_with_sku(world: World, sku: str) -> list[dict]:
    return [p for p in world.woo.docs.products.values() if p["sku"] == sku]


@pytest.mark.parametrize("create_missing_products", [False, True])
def test_a_variable_products_own_sku_known_to_qad_is_neither_missing_nor_created_and_its_variations_are_pushed(
        world: World, create_missing_products: bool) -> None:
    parent = _variable_parent_qad_sells(world)
    variation = world.woo.docs.variations[parent["variations"][0]]
    world.set_available(variation["sku"], variation["stock_quantity"] + 4)

    first = world.push(create_missing_products=create_missing_products)  # reads the store's whole index
    second = world.push(create_missing_products=create_missing_products)  # works from the ledger's index

    for summary in (first, second):
        assert parent["sku"] not in summary.missing_in_store
        assert (summary.created, summary.item_errors) == ([], [])
    assert [p["type"] for p in _products_with_sku(world, parent["sku"])] == ["variable"]
    assert world.woo.docs.variations[variation["id"]]["stock_quantity"] == variation["stock_quantity"] + 4
    assert second.looked_up == 0  # the parent is in the index: not searched for again on every run


@pytest.mark.parametrize("create_missing_products", [False, True])
def test_a_variable_product_added_after_the_first_push_is_found_by_sku_and_left_alone(
        world: World, create_missing_products: bool) -> None:
    world.add_qad_item(NEW_SKU, "Desk lamp, all finishes", "39.90", units=0)
    world.push()
    world.woo.products.create({"name": "Desk lamp", "type": "variable", "sku": NEW_SKU})

    found = world.push(create_missing_products=create_missing_products)
    again = world.push(create_missing_products=create_missing_products)

    assert found.looked_up == 1 and found.found_by_sku == 1
    for summary in (found, again):
        assert NEW_SKU not in summary.missing_in_store
        assert (summary.created, summary.item_errors) == ([], [])
    assert [p["type"] for p in _products_with_sku(world, NEW_SKU)] == ["variable"]
    assert again.looked_up == 0
