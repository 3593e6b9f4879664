"""The seeded instance: the store's SKUs as stock items (with prices and quantities per warehouse), items only
the ERP has, store SKUs it lacks, a few customers (some matching store shoppers by email), and stamps that tie."""

from __future__ import annotations

from collections import Counter

from sandbox import Sandbox
from sandbox.acumatica import create_sandbox
from sandbox.seed import World

from tests.sandbox.acumatica.conftest import value


def inventory_ids(sandbox: Sandbox) -> set[str]:
    return {value(item, "InventoryID") for item in sandbox.state.documents("StockItem")}


def test_the_seed_is_the_same_for_the_same_world(world: World) -> None:
    first, second = create_sandbox(world), create_sandbox(world)
    for entity_name in ("StockItem", "Customer"):
        assert first.state.documents(entity_name) == second.state.documents(entity_name)


def test_stock_items_are_the_erp_items_plus_some_only_the_erp_has(acumatica: Sandbox, world: World) -> None:
    ids = inventory_ids(acumatica)
    assert {item.item_number for item in world.erp_items} < ids
    assert not ids & world.missing_skus
    only_erp = ids - {item.item_number for item in world.erp_items}
    assert len(only_erp) >= 2
    statuses = {value(item, "ItemStatus") for item in acumatica.state.documents("StockItem")
                if value(item, "InventoryID") in only_erp}
    assert "Active" in statuses and statuses - {"Active"}


def test_prices_and_per_warehouse_quantities_come_from_the_world(acumatica: Sandbox, world: World) -> None:
    erp_item = world.erp_items[0]
    item = acumatica.state.document("StockItem", erp_item.item_number)
    assert value(item, "DefaultPrice") == float(erp_item.price) == value(item, "CurySpecificPrice")
    assert value(item, "MSRP") > value(item, "DefaultPrice")
    on_hand = {value(row, "WarehouseID"): value(row, "QtyOnHand") for row in item["WarehouseDetails"]}
    expected_wh1 = sum(level.on_hand for (site, _), level in erp_item.stock.items() if site == "10-100")
    assert on_hand["WH1"] == float(expected_wh1)
    warehouses = {value(row, "WarehouseID") for item in acumatica.state.documents("StockItem")
                  for row in item["WarehouseDetails"]}
    assert warehouses == {"WH1", "WH2", "RETURNS"}


def test_some_customers_share_an_email_with_a_store_shopper(acumatica: Sandbox, world: World) -> None:
    store_emails = {customer["email"].casefold() for customer in world.customers}
    erp_emails = [value(customer, "Email") for customer in acumatica.state.documents("Customer")]
    assert 2 <= len(erp_emails) <= 10
    matching = [email for email in erp_emails if email.casefold() in store_emails]
    assert matching
    assert any(email != email.lower() for email in erp_emails), "an email keyed in capitals"


def test_records_saved_together_share_their_stamp(acumatica: Sandbox) -> None:
    for entity_name in ("StockItem", "Customer"):
        stamps = Counter(value(record, "LastModifiedDateTime") for record in acumatica.state.documents(entity_name))
        assert max(stamps.values()) >= 2, entity_name
        assert len(stamps) >= 2, entity_name
