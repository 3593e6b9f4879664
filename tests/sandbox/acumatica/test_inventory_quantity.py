"""`InventoryQuantityAvailable`: the inquiry a client PUTs (expanding `Results`), the only place where stock
changes show; there is no `InventorySummary` entity."""

from __future__ import annotations

from datetime import timedelta

import requests
from sandbox import Sandbox

from tests.sandbox.acumatica.conftest import FakeClock, entity_url, first_item, value, wrapped


def inquire(api: requests.Session, **parameters: object) -> requests.Response:
    return api.put(entity_url("InventoryQuantityAvailable"), params={"$expand": "Results"}, json=wrapped(**parameters))


def test_available_quantity_sums_every_warehouse(api: requests.Session, acumatica: Sandbox) -> None:
    item = first_item(acumatica)
    for warehouse, on_hand in (("WH1", 10), ("WH2", 5), ("RETURNS", 2)):
        acumatica.state.set_stock(item, warehouse, on_hand=on_hand, allocated=1, committed=0)
    rows = inquire(api, InventoryID=item).json()["Results"]
    assert [(value(row, "InventoryID"), value(row, "QtyAvailable")) for row in rows] == [(item, 14)]


def test_results_are_absent_unless_expanded(api: requests.Session, acumatica: Sandbox) -> None:
    answer = api.put(entity_url("InventoryQuantityAvailable"), json=wrapped(InventoryID=first_item(acumatica)))
    assert answer.status_code == 200 and "Results" not in answer.json()


def test_a_stock_change_moves_the_inquiry_stamp_but_not_the_stock_item(api: requests.Session, acumatica: Sandbox,
                                                                      clock: FakeClock) -> None:
    item = first_item(acumatica)
    before = acumatica.state.document("StockItem", item)
    clock.advance(120)  # within the token's lifetime
    acumatica.state.set_stock(item, "WH1", on_hand=999)
    since = (clock.now - timedelta(seconds=1)).isoformat()
    changed = inquire(api, LastModifiedDateTime=since).json()["Results"]
    assert [value(row, "InventoryID") for row in changed] == [item]
    after = acumatica.state.document("StockItem", item)
    assert value(after, "LastModifiedDateTime") == value(before, "LastModifiedDateTime")
    quantities = {value(row, "WarehouseID"): value(row, "QtyOnHand") for row in after["WarehouseDetails"]}
    assert quantities["WH1"] == 999


def test_a_get_answers_the_inquiry_without_parameters(api: requests.Session, acumatica: Sandbox) -> None:
    answer = api.get(entity_url("InventoryQuantityAvailable"), params={"$expand": "Results"}).json()
    assert len(answer) == 1
    items = acumatica.state.documents("StockItem")
    stocked = {value(item, "InventoryID") for item in items if item["WarehouseDetails"]}
    assert {value(row, "InventoryID") for row in answer[0]["Results"]} == stocked


def test_a_parameter_the_inquiry_lacks_answers_422(api: requests.Session) -> None:
    answer = inquire(api, WarehouseID="WH1")
    assert answer.status_code == 422 and "error" in answer.json()["WarehouseID"]


def test_there_is_no_inventory_summary_entity(api: requests.Session) -> None:
    answer = api.get(entity_url("InventorySummary"))
    assert answer.status_code == 404
    assert answer.json()["message"].startswith("No HTTP resource was found that matches the request URI")
