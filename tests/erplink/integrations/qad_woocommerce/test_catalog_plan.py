"""QAD items, prices and inventory → canonical catalog → WooCommerce product and variation updates."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from erplink.integrations.qad_woocommerce.catalog import plan_catalog_updates
from erplink.models import CatalogUpdate
from erplink.systems.qad.mappings.catalog import item_from_qad, price_from_qad, stock_level_from_qad
from erplink.systems.woocommerce.mappings.catalog import CatalogPlan, WooCatalogEntry, woo_catalog_index, woo_update
from tests.erplink.conftest import load_fixture

LOCATIONS = [("10-100", "FG"), ("10-100", "STAGE")]
AS_OF = datetime(2026, 1, 6, tzinfo=UTC)


@pytest.fixture
def erp() -> dict[str, list[Any]]:
    rows = load_fixture("qad_catalog.json")
    return {
        "items": [item_from_qad(row) for row in rows["items"]],
        "prices": [price_from_qad(row) for row in rows["prices"]],
        "inventory": [stock_level_from_qad(row) for row in rows["inventory"]],
    }


@pytest.fixture
def woo_index() -> dict[str, WooCatalogEntry]:
    catalog = load_fixture("woo_catalog.json")
    return woo_catalog_index(
        catalog["products"], {int(parent): children for parent, children in catalog["variations"].items()}
    )


def _plan(erp, woo_index, **options: Any) -> CatalogPlan:
    return plan_catalog_updates(
        erp["items"], erp["prices"], erp["inventory"], woo_index, locations=LOCATIONS, currency="USD",
        as_of=AS_OF, **options,
    )


def test_plan_pushes_only_what_differs_from_the_store(erp, woo_index):
    plan = _plan(erp, woo_index)

    assert plan.product_updates == (
        CatalogUpdate(sku="MUG-OLD", product_id=70, regular_price="8.00", stock_quantity=0),
        CatalogUpdate(sku="SOCKS-3PK", product_id=60, regular_price="12.50", stock_quantity=4),
    )
    assert plan.variation_updates == {
        50: (
            CatalogUpdate(sku="HOODIE-BLUE-L", product_id=53, parent_id=50, regular_price="45.00", stock_quantity=0),
            CatalogUpdate(sku="HOODIE-BLUE-M", product_id=52, parent_id=50, regular_price="47.50", stock_quantity=12),
        )
    }
    assert plan.unchanged == 1  # TEE-RED: the store's "20" is the ERP's 20.00


def test_stock_is_available_to_sell_over_configured_locations_only(erp, woo_index):
    updates = {update.sku: update for update in _plan(erp, woo_index).updates}

    assert updates["HOODIE-BLUE-M"].stock_quantity == 12  # (10-2-1) + 5; site 99-999 is not configured
    assert updates["HOODIE-BLUE-L"].stock_quantity == 0  # over-allocated: never negative
    assert updates["SOCKS-3PK"].stock_quantity == 4  # 4.5 on hand: whole units only
    assert updates["MUG-OLD"].stock_quantity == 0  # inactive items are not for sale


def test_price_is_the_latest_effective_one_in_the_store_currency(erp, woo_index):
    updates = {update.sku: update for update in _plan(erp, woo_index).updates}

    assert updates["HOODIE-BLUE-M"].regular_price == "47.50"  # not the 2030 price, not the 2025 one
    assert updates["SOCKS-3PK"].regular_price == "12.50"  # not the EUR entry


def test_item_without_a_price_leaves_the_store_price_alone(erp, woo_index):
    erp["prices"] = [price for price in erp["prices"] if price.item_number != "SOCKS-3PK"]
    woo_index["SOCKS-3PK"] = WooCatalogEntry(60, None, "12.00", 9, True)

    socks = next(update for update in _plan(erp, woo_index).updates if update.sku == "SOCKS-3PK")

    assert socks.regular_price is None
    assert "regular_price" not in woo_update(socks)


def test_an_erp_item_of_a_variable_products_own_sku_is_neither_pushed_nor_missing_nor_created(erp, woo_index):
    """The variable product sells through its variations: its own SKU is in the store but carries nothing."""
    erp["items"].append(item_from_qad({"itemNumber": "HOODIE", "description": "Hoodie, all sizes",
                                       "status": "ACTIVE"}))
    erp["prices"].append(price_from_qad({"itemNumber": "HOODIE", "price": "45.00", "currency": "USD"}))
    erp["inventory"].append(stock_level_from_qad({"itemNumber": "HOODIE", "site": "10-100", "location": "FG",
                                                  "qtyOnHand": "9", "qtyAllocated": "0", "qtyCommitted": "0"}))

    plan = _plan(erp, woo_index, create_missing=True, full_resync=True)

    assert plan.variable_in_store == ("HOODIE",)
    assert "HOODIE" not in plan.missing_in_store and "HOODIE" not in {new.sku for new in plan.product_creates}
    assert "HOODIE" not in {update.sku for update in plan.updates}
    assert 50 not in {update.product_id for update in plan.updates}
    assert {"HOODIE-BLUE-M", "HOODIE-BLUE-L"} <= {update.sku for update in plan.variation_updates[50]}


def test_missing_and_unknown_skus_are_reported_not_pushed(erp, woo_index):
    plan = _plan(erp, woo_index)

    assert plan.missing_in_store == ("NEW-ITEM",)  # OLD-GONE is inactive: nothing to sell
    assert plan.unknown_to_erp == ("WOO-ONLY",)  # a variable product's own SKU QAD lacks (HOODIE) is no news
    assert "NEW-ITEM" not in {update.sku for update in plan.updates}


def test_what_was_already_pushed_is_not_pushed_again(erp, woo_index):
    first = _plan(erp, woo_index)

    second = _plan(erp, woo_index, previous_pushed=first.fingerprints)

    assert second.updates == ()
    assert second.unchanged == 5


def test_a_changed_erp_value_is_pushed_even_if_something_was_pushed_before(erp, woo_index):
    first = _plan(erp, woo_index)
    erp["inventory"] = [
        level.model_copy(update={"on_hand": Decimal("3")}) if level.item_number == "SOCKS-3PK" else level
        for level in erp["inventory"]
    ]

    second = _plan(erp, woo_index, previous_pushed=first.fingerprints)

    assert [(update.sku, update.stock_quantity) for update in second.updates] == [("SOCKS-3PK", 3)]


def test_full_resync_pushes_every_matched_item(erp, woo_index):
    first = _plan(erp, woo_index)

    plan = _plan(erp, woo_index, previous_pushed=first.fingerprints, full_resync=True)

    assert sorted(update.sku for update in plan.updates) == [
        "HOODIE-BLUE-L", "HOODIE-BLUE-M", "MUG-OLD", "SOCKS-3PK", "TEE-RED",
    ]


def test_batches_respect_the_limit_and_keep_variations_with_their_parent(erp, woo_index):
    plan = _plan(erp, woo_index)

    batches = list(plan.batches(max_items=1))

    assert [(batch.parent_id, [update.sku for update in batch.updates]) for batch in batches] == [
        (None, ["MUG-OLD"]),
        (None, ["SOCKS-3PK"]),
        (50, ["HOODIE-BLUE-L"]),
        (50, ["HOODIE-BLUE-M"]),
    ]
    assert batches[3].body() == {
        "update": [{"id": 52, "manage_stock": True, "stock_quantity": 12, "regular_price": "47.50"}]
    }


def test_batches_over_the_store_limit_are_refused(erp, woo_index):
    with pytest.raises(ValueError, match="max_items"):
        list(_plan(erp, woo_index).batches(max_items=101))


def test_without_price_push_no_update_carries_a_price(erp, woo_index):
    plan = _plan(erp, woo_index, push_prices=False)
    assert plan.updates, "stock still differs and is pushed"
    assert all("regular_price" not in woo_update(update) for update in plan.updates)
    assert "SOCKS-3PK" not in {update.sku for update in plan.updates}  # only its price differed


def test_without_stock_push_no_update_carries_stock_and_price_only_differences_remain(erp, woo_index):
    plan = _plan(erp, woo_index, push_stock=False)
    bodies = {update.sku: woo_update(update) for update in plan.updates}
    assert bodies and all(set(body) <= {"id", "regular_price"} for body in bodies.values())
    assert "MUG-OLD" not in bodies  # only its stock differed


def test_missing_items_are_planned_for_creation_only_when_asked(erp, woo_index):
    assert _plan(erp, woo_index).product_creates == ()
    erp["prices"].append(price_from_qad({"itemNumber": "NEW-ITEM", "price": "19.9", "currency": "USD"}))
    erp["inventory"].append(stock_level_from_qad({"itemNumber": "NEW-ITEM", "site": "10-100", "location": "FG",
                                                  "qtyOnHand": "6", "qtyAllocated": "1", "qtyCommitted": "0"}))
    (new,) = _plan(erp, woo_index, create_missing=True).product_creates
    assert new.woo_create() == {"type": "simple", "sku": "NEW-ITEM", "name": "Not yet in the store",
                                "regular_price": "19.90", "manage_stock": True, "stock_quantity": 5}
    (without_stock,) = _plan(erp, woo_index, create_missing=True, push_stock=False).product_creates
    assert "stock_quantity" not in without_stock.woo_create() and "manage_stock" not in without_stock.woo_create()
