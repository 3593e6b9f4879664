"""Admin routes: loopback only, and each one changes or reports the tenant as the in-process handle does,
visible through QAD's REST API."""

from __future__ import annotations

from fastapi.testclient import TestClient

from sandbox import Sandbox
from tests.sandbox.qad.conftest import error_code
from tests.sandbox.qad.documents import active_items, first_customer
from tests.sandbox.qad.rest.conftest import submit_errors
from tests.sandbox.qad.rest.flow import FIELD_CHANGE, create_header, read_header
from tests.sandbox.qad.rest.test_browses import STOCK, browse


def test_admin_routes_refuse_callers_off_loopback(qad: Sandbox) -> None:
    """A caller from another address gets 403 and the tokens stay valid."""
    with TestClient(qad.app, client=("10.1.2.3", 40000)) as outsider:
        response = outsider.post("/__admin__/qad/acme/tokens/expire")
    assert response.status_code == 403 and error_code(response) == "403"


def test_unknown_tenant_on_an_admin_route_is_not_found(admin: TestClient) -> None:
    response = admin.get("/initech/request-counts")
    assert response.status_code == 404 and error_code(response) == "404"


def test_added_item_can_be_ordered_and_a_deactivated_one_cannot(admin: TestClient, rest: TestClient, qad: Sandbox) -> None:
    """An item added by the admin route passes its field change; after `deactivate` it is refused there."""
    added = admin.post("/acme/items", json={"itemNumber": "PROMO-1", "description": "Promo bundle"})
    assert added.status_code == 201 and added.json()["status"] == "ACTIVE"
    number = create_header(rest, first_customer(qad))["salesOrderNumber"]
    line = {"salesOrderNumber": number, "domainCode": "10USA", "salesOrderLine": 1, "itemCode": "PROMO-1"}
    params = {"fieldName": "itemCode", "dataOperation": "CREATE"}
    assert rest.post(FIELD_CHANGE, params=params, json={"salesOrderLines": [line]}).json()["data"]
    assert admin.post("/acme/items/PROMO-1/deactivate").json()["status"] == "INACTIVE"
    refused = rest.post(FIELD_CHANGE, params=params, json={"salesOrderLines": [line]})
    assert [e["fieldName"] for e in submit_errors(refused)] == ["itemCode"]
    assert admin.post("/acme/items/PROMO-1/activate").json()["status"] == "ACTIVE"


def test_adding_an_existing_item_is_a_conflict(admin: TestClient, qad: Sandbox) -> None:
    number = active_items(qad, 1)[0]
    assert admin.post("/acme/items", json={"itemNumber": number, "description": "again"}).status_code == 409


def test_price_and_stock_routes_change_what_the_browses_list(admin: TestClient, rest: TestClient, qad: Sandbox) -> None:
    number = active_items(qad, 1)[0]
    price_change = admin.put(f"/acme/price-lists/USD/prices/{number}", json={"price": "3.10", "currency": "USD"})
    stock_change = admin.put(f"/acme/inventory/10-100/FG/{number}", json={"qtyOnHand": "4", "qtyCommitted": "1"})
    assert (price_change.status_code, stock_change.status_code) == (200, 200)
    [price] = browse(rest, "urn:browse:bebrowse:com.qad.erp.sales.priceListV2s",
                     "priceListV2.priceListCode,eq,USD,literal", f"priceListV2.itemCode,eq,{number},literal")["data"]
    [balance] = browse(rest, STOCK, f"ld_det.ld_part,eq,{number},literal", "ld_det.ld_site,eq,10-100,literal",
                       "ld_det.ld_loc,eq,FG,literal")["data"]  # fmt: skip
    assert price["priceListV2.listPrice"] == 3.1
    assert (balance["ld_det.ld_qty_oh"], balance["ld_det.ld_qty_com"]) == (4, 1)


def test_stock_for_an_unknown_item_is_not_found(admin: TestClient) -> None:
    assert admin.put("/acme/inventory/10-100/FG/GHOST", json={"qtyOnHand": "1"}).status_code == 404


def test_status_route_ships_an_order(admin: TestClient, rest: TestClient, qad: Sandbox) -> None:
    """The status route moves an order to SHIPPED; moving it back to OPEN is refused with 400."""
    number = create_header(rest, first_customer(qad))["salesOrderNumber"]
    assert admin.post(f"/acme/sales-orders/{number}/status", json={"status": "SHIPPED"}).json()["status"] == "SHIPPED"
    assert admin.post(f"/acme/sales-orders/{number}/status", json={"status": "OPEN"}).status_code == 400
    assert read_header(rest, number)["orderStatus"] == "SHIPPED"


def test_documents_route_lists_what_the_tenant_holds(admin: TestClient, rest: TestClient, qad: Sandbox) -> None:
    create_header(rest, first_customer(qad))
    assert [order["externalRef"] for order in admin.get("/acme/documents/sales-orders").json()] == ["WC-shop1-1042"]
    assert admin.get("/globex/documents/sales-orders").json() == []
    assert admin.get("/acme/documents/invoices").status_code == 404


def test_request_counts_are_kept_per_endpoint_browse_and_tenant(admin: TestClient, rest: TestClient, qad: Sandbox) -> None:
    """Counts are keyed by method and route template (a browse with its id), include the token request and are
    reset by DELETE."""
    number = create_header(rest, first_customer(qad))["salesOrderNumber"]
    read_header(rest, number)
    read_header(rest, number)
    browse(rest, STOCK)
    rest.get("/api/erp/noSuchEntity")
    assert admin.get("/acme/request-counts").json() == {
        "POST /clouderp/oauth/token": 1,
        "POST /clouderp/api/erp/salesOrderHeaders": 1,
        "GET /clouderp/api/erp/salesOrderHeaders": 2,
        f"GET /clouderp/api/qracore/browses?browseId={STOCK}": 1,
        "GET /clouderp/api/erp/noSuchEntity": 1,
    }
    assert admin.get("/globex/request-counts").json() == {}
    assert admin.delete("/acme/request-counts").status_code == 204
    assert qad.state.request_counts() == {}
