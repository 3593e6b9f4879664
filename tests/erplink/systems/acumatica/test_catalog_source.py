"""The Acumatica side of a catalog push against the sandbox: the first read offers every stock item at its price
with the stock available in the tenant's warehouses; later reads offer what changed since the marks, whether the
item changed or only its quantity, at a few requests each."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from erplink.ledger import Ledger
from erplink.systems.acumatica.catalog_source import (
    ITEMS_STREAM,
    QUANTITIES_STREAM,
    Mark,
    read_catalog,
    remember_marks,
)
from tests.erplink.systems.acumatica.sandbox_hook import Clock, sandbox, value
from tests.erplink.systems.acumatica.target_world import TargetWorld

ENDPOINTS = ("PUT InventoryQuantityAvailable", "GET StockItem", "GET StockItem by filter")


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def world(tmp_path, clock) -> Iterator[TargetWorld]:
    ledger = Ledger(f"sqlite:///{tmp_path / 'ledger.db'}")
    ledger.migrate()
    yield TargetWorld(sandbox(clock=clock), ledger)
    ledger.dispose()


def _available_in(world: TargetWorld, sku: str, warehouses: tuple[str, ...]) -> int:
    """On hand − allocated − committed over ``warehouses``, from the sandbox's own stock rows."""
    levels = world.box.state.instance.stock.levels_of(sku)
    return max(0, int(sum(level.available for level in levels if level.warehouse_id in warehouses)))


def _requests(world: TargetWorld) -> int:
    return sum(world.calls(endpoint) for endpoint in ENDPOINTS)


def test_the_first_read_offers_every_stock_item_with_the_stock_of_the_tenants_warehouses(world) -> None:
    fc = world.context()
    catalog = read_catalog(fc)
    offers = {offer.item_number: offer for offer in catalog.offers}
    items = {value(item, "InventoryID"): item for item in world.box.state.documents("StockItem")}
    assert catalog.complete and set(offers) == set(items) and catalog.bad_rows == []
    for sku, item in items.items():
        offer = offers[sku]
        assert offer.price == f"{Decimal(str(value(item, 'DefaultPrice'))):.2f}"
        if value(item, "ItemStatus") in ("Inactive", "No Sales"):
            assert (offer.active, offer.available) == (False, 0)
        else:
            assert offer.active and offer.available == _available_in(world, sku, ("WH1", "WH2")), sku
    assert world.calls("PUT InventoryQuantityAvailable") == 1


def test_returned_units_are_not_offered_for_sale(world) -> None:
    """The inquiry sums every warehouse; units in RETURNS, which the tenant does not sell from, are taken off."""
    sku = next(value(i, "InventoryID") for i in world.box.state.documents("StockItem")
               if value(i, "ItemStatus") == "Active" and not value(i, "InventoryID").startswith(("ERP-", "STORE-")))
    for warehouse, units in (("WH1", 5), ("WH2", 0), ("RETURNS", 3)):
        world.box.state.set_stock(sku, warehouse, on_hand=Decimal(units), allocated=Decimal(0), committed=Decimal(0))
    offers = {offer.item_number: offer for offer in read_catalog(world.context()).offers}
    assert offers[sku].available == 5


def _marked_now(world: TargetWorld, clock: Clock) -> None:
    """Marks at the sandbox's present, then time passes: the next read sees only what changes from here."""
    fc = world.context()
    catalog = read_catalog(fc)
    catalog.items, catalog.quantities = Mark(clock.now), Mark(clock.now)
    remember_marks(fc, catalog)
    clock.advance(600)


def test_a_read_after_the_marks_offers_nothing_when_nothing_changed(world, clock) -> None:
    _marked_now(world, clock)
    before = _requests(world)
    catalog = read_catalog(world.context())
    assert catalog.offers == [] and not catalog.complete
    assert _requests(world) - before == 2  # the inquiry and one item list


def test_a_quantity_change_alone_offers_that_item_with_its_new_stock(world, clock) -> None:
    _marked_now(world, clock)
    sku = value(world.box.state.documents("StockItem")[0], "InventoryID")
    world.box.state.set_stock(sku, "WH1", on_hand=Decimal(40), allocated=Decimal(0), committed=Decimal(0))
    world.box.state.set_stock(sku, "WH2", on_hand=Decimal(2), allocated=Decimal(0), committed=Decimal(0))
    before = _requests(world)

    catalog = read_catalog(world.context())

    assert [offer.item_number for offer in catalog.offers] == [sku]
    assert catalog.offers[0].available == 42
    assert _requests(world) - before == 3  # the inquiry, the item list, the item by its InventoryID


def test_a_price_change_alone_offers_that_item_at_its_new_price(world, clock) -> None:
    _marked_now(world, clock)
    item = world.box.state.documents("StockItem")[1]
    sku = value(item, "InventoryID")
    world.box.state.alter_document("StockItem", [sku], {"DefaultPrice": {"value": 77.5}})
    before = _requests(world)

    catalog = read_catalog(world.context())

    assert [(offer.item_number, offer.price) for offer in catalog.offers] == [(sku, "77.50")]
    assert _requests(world) - before == 3  # the inquiry, the item list, the inquiry of every row for its stock


def test_a_read_from_the_stored_marks_offers_nothing_it_already_read_in_their_overlap(world, clock) -> None:
    """Each read reaches a minute back before its mark for late commits; what it read there before is not
    offered again, so nothing changed means nothing offered and no request beyond the two reads."""
    fc = world.context()
    remember_marks(fc, read_catalog(fc))
    before = _requests(world)
    catalog = read_catalog(world.context())
    assert catalog.offers == [] and _requests(world) - before == 2


def test_the_marks_move_to_the_newest_stamps_read(world, clock) -> None:
    fc = world.context()
    catalog = read_catalog(fc)
    remember_marks(fc, catalog)
    items = world.ledger.get_watermark(fc.tenant.name, fc.integration, ITEMS_STREAM)
    quantities = world.ledger.get_watermark(fc.tenant.name, fc.integration, QUANTITIES_STREAM)
    newest_item = max(value(i, "LastModifiedDateTime") for i in world.box.state.documents("StockItem"))
    assert items.value == catalog.items.value and quantities.value == catalog.quantities.value
    assert abs(items.value - datetime.fromisoformat(newest_item)) < timedelta(milliseconds=1)
