"""Items, price-list prices and inventory: seeded from the world, filtered as documented, changed by the state."""

from __future__ import annotations

from decimal import Decimal

from fastapi.testclient import TestClient

from sandbox import Sandbox
from sandbox.seed import World
from tests.sandbox.qad.conftest import FakeClock, error_code

ITEMS = "/api/erp/v1/items"
PRICES = "/api/erp/v1/price-lists/USD/prices"
INVENTORY = "/api/erp/v1/inventory"


def test_demo_tenant_holds_every_world_item_with_its_price_and_stock(api: TestClient, world: World) -> None:
    """Each ERP item of the world is an ACTIVE item, priced in its currency's list, with its stock per location."""
    items = {item["itemNumber"]: item for item in api.get(ITEMS, params={"limit": 500}).json()["data"]}
    prices = {price["itemNumber"]: price for price in api.get(PRICES, params={"limit": 500}).json()["data"]}
    balances = {
        (row["itemNumber"], row["site"], row["location"]): row
        for row in api.get(INVENTORY, params={"limit": 500}).json()["data"]
    }
    assert set(items) == {item.item_number for item in world.erp_items}
    for erp_item in world.erp_items:
        assert items[erp_item.item_number]["status"] == "ACTIVE"
        assert Decimal(prices[erp_item.item_number]["price"]) == erp_item.price
        for (site, location), level in erp_item.stock.items():
            row = balances[(erp_item.item_number, site, location)]
            assert Decimal(row["qtyOnHand"]) == level.on_hand
            assert Decimal(row["qtyAllocated"]) == level.allocated
            assert Decimal(row["qtyCommitted"]) == level.committed


def test_items_filter_by_a_comma_list_of_numbers_and_by_status(api: TestClient, qad: Sandbox) -> None:
    """`itemNumber=a,b` returns exactly those; `status=INACTIVE` only the deactivated one."""
    first, second, third = (item["itemNumber"] for item in qad.state.documents("items")[:3])
    qad.state.deactivate_item(third)
    listed = api.get(ITEMS, params={"itemNumber": f"{first},{second}"}).json()["data"]
    inactive = api.get(ITEMS, params={"status": "INACTIVE"}).json()["data"]
    assert {item["itemNumber"] for item in listed} == {first, second}
    assert [item["itemNumber"] for item in inactive] == [third]


def test_an_unknown_status_filter_is_invalid(api: TestClient) -> None:
    """`status` must be ACTIVE or INACTIVE: anything else is 400 INVALID_PARAMETER."""
    response = api.get(ITEMS, params={"status": "RETIRED"})
    assert response.status_code == 400 and error_code(response) == "INVALID_PARAMETER"


def test_get_item_by_number_and_not_found(api: TestClient, qad: Sandbox) -> None:
    """An existing item is returned by number; an unknown number is 404 NOT_FOUND."""
    number = qad.state.documents("items")[0]["itemNumber"]
    assert api.get(f"{ITEMS}/{number}").json()["itemNumber"] == number
    missing = api.get(f"{ITEMS}/NO-SUCH-ITEM")
    assert missing.status_code == 404 and error_code(missing) == "NOT_FOUND"


def test_added_item_appears_with_a_newer_modified_at(api: TestClient, qad: Sandbox, clock: FakeClock) -> None:
    """An item added through the state later is listed by `modifiedSince` of its creation time."""
    clock.advance(30)
    added = qad.state.add_item("NEW-SKU-1", "New thing")
    listed = api.get(ITEMS, params={"modifiedSince": added["modifiedAt"]}).json()["data"]
    assert [item["itemNumber"] for item in listed] == ["NEW-SKU-1"]


def test_price_change_is_visible_and_filterable(api: TestClient, qad: Sandbox, clock: FakeClock) -> None:
    """A changed price shows in its list, formatted to cents, and the `itemNumber` filter finds it."""
    number = qad.state.documents("items")[0]["itemNumber"]
    clock.advance(5)
    qad.state.set_price(number, Decimal("12.5"), price_list="USD", currency="USD")
    data = api.get(PRICES, params={"itemNumber": number}).json()["data"]
    assert [(price["itemNumber"], price["price"]) for price in data] == [(number, "12.50")]


def test_unknown_price_list_is_not_found(api: TestClient) -> None:
    """Prices of a price list the tenant does not have: 404 NOT_FOUND."""
    response = api.get("/api/erp/v1/price-lists/EUR-WHOLESALE/prices")
    assert response.status_code == 404 and error_code(response) == "NOT_FOUND"


def test_inventory_filters_by_site_location_and_item(api: TestClient, qad: Sandbox) -> None:
    """Site, location and item filters narrow the balances to the matching ones only."""
    number = qad.state.documents("items")[0]["itemNumber"]
    at_site = api.get(INVENTORY, params={"site": "10-100", "limit": 500}).json()["data"]
    one = api.get(INVENTORY, params={"site": "10-100", "location": "STAGE", "itemNumber": number}).json()["data"]
    assert at_site and all(row["site"] == "10-100" for row in at_site)
    assert [(row["itemNumber"], row["site"], row["location"]) for row in one] == [(number, "10-100", "STAGE")]


def test_stock_change_keeps_the_quantities_not_given(api: TestClient, qad: Sandbox) -> None:
    """Setting on-hand alone changes on-hand and leaves allocated and committed as they were."""
    number = qad.state.documents("items")[0]["itemNumber"]
    before = api.get(INVENTORY, params={"itemNumber": number, "site": "20-200"}).json()["data"][0]
    qad.state.set_stock(number, "20-200", "FG", on_hand=Decimal("7.5"))
    after = api.get(INVENTORY, params={"itemNumber": number, "site": "20-200"}).json()["data"][0]
    assert after["qtyOnHand"] == "7.5"
    assert (after["qtyAllocated"], after["qtyCommitted"]) == (before["qtyAllocated"], before["qtyCommitted"])


def test_second_tenant_has_its_own_small_catalog(globex_api: TestClient, world: World) -> None:
    """Globex lists its own items, none of the demo tenant's."""
    numbers = {item["itemNumber"] for item in globex_api.get(ITEMS).json()["data"]}
    assert numbers == {"GX-1000", "GX-2000", "GX-9000"}
    assert not numbers & {item.item_number for item in world.erp_items}
