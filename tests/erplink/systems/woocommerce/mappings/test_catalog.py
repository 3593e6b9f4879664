"""WooCommerce catalog: the SKU index of products and variations, and the batch requests a plan is cut into."""

from __future__ import annotations

import pytest

from erplink.load.errors import MappingError
from erplink.models import CatalogUpdate
from erplink.systems.woocommerce.mappings.catalog import (
    CatalogPlan,
    WooCatalogEntry,
    woo_catalog_index,
    woo_catalog_lookup,
)
from tests.erplink.conftest import load_fixture


@pytest.fixture
def woo_index() -> dict[str, WooCatalogEntry]:
    catalog = load_fixture("woo_catalog.json")
    return woo_catalog_index(
        catalog["products"], {int(parent): children for parent, children in catalog["variations"].items()}
    )


def test_woo_index_holds_products_and_variations_marks_variable_parents_and_skips_blank_skus(woo_index):
    assert sorted(woo_index) == ["HOODIE", "HOODIE-BLUE-L", "HOODIE-BLUE-M", "MUG-OLD", "SOCKS-3PK", "TEE-RED",
                                 "WOO-ONLY"]
    assert woo_index["HOODIE-BLUE-M"] == WooCatalogEntry(52, 50, "45.00", 10, True)
    assert woo_index["HOODIE"] == WooCatalogEntry(50, None, None, None, False, variable=True)
    assert not any(entry.variable for sku, entry in woo_index.items() if sku != "HOODIE")
    # "parent" means the variation does not manage its own stock.
    assert woo_index["HOODIE-BLUE-L"].manage_stock is False


def test_a_variation_shown_with_its_parents_sku_does_not_take_the_parents_place_in_the_index():
    """wc/v3 shows a variation that has no SKU of its own with its parent's (WC_Product_Variation::get_sku)."""
    parent = {"id": 50, "type": "variable", "sku": "HOODIE", "regular_price": "", "stock_quantity": None}
    inheriting = {"id": 53, "sku": "HOODIE", "regular_price": "45.00", "stock_quantity": 4, "manage_stock": True}
    index = woo_catalog_index([parent], {50: [inheriting]})
    assert index == {"HOODIE": WooCatalogEntry(50, None, None, None, False, variable=True)}


def test_250_products_make_three_batches():
    updates = tuple(CatalogUpdate(sku=f"S{n}", product_id=n + 1, stock_quantity=1) for n in range(250))

    sizes = [len(batch.updates) for batch in CatalogPlan(product_updates=updates).batches()]

    assert sizes == [100, 100, 50]


def test_a_sku_search_result_indexes_variations_under_their_parent_and_marks_variable_parents():
    found = woo_catalog_lookup([
        {"id": 52, "type": "variation", "parent_id": 50, "sku": "HOODIE-BLUE-M", "regular_price": "45.00",
         "stock_quantity": 10, "manage_stock": True},
        {"id": 50, "type": "variable", "sku": "HOODIE", "regular_price": "", "stock_quantity": None},
        {"id": 60, "type": "simple", "sku": "SOCKS-3PK", "regular_price": "12.00", "stock_quantity": 9,
         "manage_stock": True},
    ])
    assert found == {"HOODIE-BLUE-M": WooCatalogEntry(52, 50, "45.00", 10, True),
                     "HOODIE": WooCatalogEntry(50, None, None, None, False, variable=True),
                     "SOCKS-3PK": WooCatalogEntry(60, None, "12.00", 9, True)}
    with pytest.raises(MappingError, match="parent_id"):
        woo_catalog_lookup([{"id": 52, "type": "variation", "parent_id": 0, "sku": "X"}])
