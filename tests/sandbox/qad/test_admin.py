"""Admin routes: loopback only, and each one changes or reports the tenant as the in-process handle does."""

from __future__ import annotations

from fastapi.testclient import TestClient

from sandbox import Sandbox
from tests.sandbox.qad.conftest import error_code
from tests.sandbox.qad.documents import active_items, sales_order_body

ORDERS = "/api/erp/v1/sales-orders"


def test_admin_routes_refuse_callers_off_loopback(qad: Sandbox) -> None:
    """A caller from another address gets 403 and the tokens stay valid."""
    with TestClient(qad.app, client=("10.1.2.3", 40000)) as outsider:
        response = outsider.post("/__admin__/qad/acme/tokens/expire")
    assert response.status_code == 403 and error_code(response) == "FORBIDDEN"


def test_unknown_tenant_on_an_admin_route_is_not_found(admin: TestClient) -> None:
    """Admin calls name a tenant the server hosts, else 404 NOT_FOUND."""
    response = admin.get("/initech/request-counts")
    assert response.status_code == 404 and error_code(response) == "NOT_FOUND"


def test_added_item_can_be_ordered_and_a_deactivated_one_cannot(admin: TestClient, api: TestClient,
                                                                qad: Sandbox) -> None:
    """An item added by the admin route is orderable; after `deactivate` the same order is 422 UNKNOWN_ITEM."""
    added = admin.post("/acme/items", json={"itemNumber": "PROMO-1", "description": "Promo bundle"})
    assert added.status_code == 201 and added.json()["status"] == "ACTIVE"
    line = {"line": 1, "itemNumber": "PROMO-1", "quantity": "1", "unitPrice": "9.00"}
    assert api.post(ORDERS, json=sales_order_body(qad, lines=[line])).status_code == 201
    assert admin.post("/acme/items/PROMO-1/deactivate").json()["status"] == "INACTIVE"
    refused = api.post(ORDERS, json=sales_order_body(qad, lines=[line]))
    assert error_code(refused) == "UNKNOWN_ITEM"
    assert admin.post("/acme/items/PROMO-1/activate").json()["status"] == "ACTIVE"


def test_adding_an_existing_item_is_a_conflict(admin: TestClient, qad: Sandbox) -> None:
    """An item number that already exists: 409 CONFLICT."""
    number = active_items(qad, 1)[0]
    response = admin.post("/acme/items", json={"itemNumber": number, "description": "again"})
    assert response.status_code == 409


def test_price_and_stock_routes_change_what_the_api_lists(admin: TestClient, api: TestClient, qad: Sandbox) -> None:
    """PUT price and PUT stock are visible through the business API."""
    number = active_items(qad, 1)[0]
    price_change = admin.put(f"/acme/price-lists/USD/prices/{number}", json={"price": "3.10", "currency": "USD"})
    stock_change = admin.put(f"/acme/inventory/10-100/FG/{number}", json={"qtyOnHand": "4", "qtyCommitted": "1"})
    assert (price_change.status_code, stock_change.status_code) == (200, 200)
    price = api.get("/api/erp/v1/price-lists/USD/prices", params={"itemNumber": number}).json()["data"][0]
    balance = api.get("/api/erp/v1/inventory", params={"itemNumber": number, "site": "10-100",
                                                         "location": "FG"}).json()["data"][0]
    assert price["price"] == "3.10"
    assert (balance["qtyOnHand"], balance["qtyCommitted"]) == ("4", "1")


def test_stock_for_an_unknown_item_is_not_found(admin: TestClient) -> None:
    """Stock can only be booked for an item the tenant has: 404 NOT_FOUND."""
    response = admin.put("/acme/inventory/10-100/FG/GHOST", json={"qtyOnHand": "1"})
    assert response.status_code == 404


def test_status_route_ships_an_order(admin: TestClient, api: TestClient, qad: Sandbox) -> None:
    """The status route moves an order to SHIPPED; moving it back to OPEN is refused with 400."""
    number = api.post(ORDERS, json=sales_order_body(qad)).json()["orderNumber"]
    assert admin.post(f"/acme/sales-orders/{number}/status", json={"status": "SHIPPED"}).json()["status"] == "SHIPPED"
    assert admin.post(f"/acme/sales-orders/{number}/status", json={"status": "OPEN"}).status_code == 400
    assert api.get(f"{ORDERS}/{number}").json()["status"] == "SHIPPED"


def test_documents_route_lists_what_the_tenant_holds(admin: TestClient, api: TestClient, qad: Sandbox) -> None:
    """`documents/sales-orders` lists created orders per tenant; an unknown entity is 404."""
    api.post(ORDERS, json=sales_order_body(qad))
    assert [order["externalRef"] for order in admin.get("/acme/documents/sales-orders").json()] == ["WC-shop1-1042"]
    assert admin.get("/globex/documents/sales-orders").json() == []
    assert admin.get("/acme/documents/invoices").status_code == 404


def test_request_counts_are_kept_per_endpoint_and_tenant(admin: TestClient, api: TestClient, qad: Sandbox) -> None:
    """Counts are keyed by method and route template, include the login and are reset by DELETE."""
    number = api.post(ORDERS, json=sales_order_body(qad)).json()["orderNumber"]
    api.get(f"{ORDERS}/{number}")
    api.get(f"{ORDERS}/{number}")
    api.get("/api/erp/v1/no-such-route")
    counts = admin.get("/acme/request-counts").json()
    assert counts == {
        "POST /api/auth/login": 1,
        "POST /api/erp/v1/sales-orders": 1,
        "GET /api/erp/v1/sales-orders/{orderNumber}": 2,
        "GET /api/erp/v1/no-such-route": 1,
    }
    assert admin.get("/globex/request-counts").json() == {}
    assert admin.delete("/acme/request-counts").status_code == 204
    assert qad.state.request_counts() == {}
