"""Orders and refunds (API-FACTS section 1, "Errors" and "Refunds"; specs/woocommerce/source/includes/wp-api-v3/
_orders.md and _order-refunds.md)."""

from __future__ import annotations

from sandbox.seed.orders import money_to_cents


def an_order(store, status="completed", payment_method="stripe"):
    return next(o for o in store.state.world.orders
                if o["status"] == status and o["payment_method"] == payment_method and not o["refunds"])


def test_unknown_routes_are_rest_no_route(store):
    response = store.get("/nothing-here")
    assert response.status_code == 404
    assert response.json() == {"code": "rest_no_route",
                               "message": "No route was found matching the URL and request method.",
                               "data": {"status": 404}}


def test_unknown_order_id_is_404_on_get_and_400_on_update(store):
    assert store.get("/orders/999999").json() == {"code": "woocommerce_rest_shop_order_invalid_id",
                                                  "message": "Invalid ID.", "data": {"status": 404}}
    response = store.request("PUT", "/orders/999999", json={"status": "completed"})
    assert (response.status_code, response.json()["code"]) == (400, "woocommerce_rest_shop_order_invalid_id")


def test_meta_data_written_by_put_is_returned_and_moves_date_modified(store):
    order = an_order(store)
    response = store.request("PUT", f"/orders/{order['id']}", json={"meta_data": [{"key": "_erp_ref",
                                                                                  "value": "SO000123"}]})
    assert response.status_code == 200
    updated = response.json()
    assert {"key": "_erp_ref", "value": "SO000123"} in [{"key": m["key"], "value": m["value"]}
                                                       for m in updated["meta_data"]]
    assert all(isinstance(m["id"], int) for m in updated["meta_data"])
    assert updated["date_modified_gmt"] > order["date_modified_gmt"]
    again = store.request("PUT", f"/orders/{order['id']}", json={"meta_data": [{"key": "_erp_ref",
                                                                                "value": "SO000124"}]}).json()
    assert [m["value"] for m in again["meta_data"] if m["key"] == "_erp_ref"] == ["SO000124"], "replaced, not added"


def test_create_order_returns_201_with_location_and_computed_totals(store):
    product = next(p for p in store.state.world.products if p["type"] == "simple" and p["sku"])
    response = store.request("POST", "/orders", json={
        "set_paid": True, "billing": {"first_name": "Ana", "email": "ana@example.com", "country": "US",
                                      "state": "NY"},
        "line_items": [{"product_id": product["id"], "quantity": 2}],
        "shipping_lines": [{"method_id": "flat_rate", "method_title": "Flat", "total": "5.00"}]})
    assert response.status_code == 201
    order = response.json()
    assert response.headers["Location"].endswith(f"/wp-json/wc/v3/orders/{order['id']}")
    assert order["status"] == "processing" and order["date_paid"] is not None
    assert order["line_items"][0]["sku"] == product["sku"]
    assert order["line_items"][0]["subtotal"] == f"{money_to_cents(product['price']) * 2 / 100:.2f}"
    assert store.get(f"/orders/{order['id']}").json()["id"] == order["id"]


def test_create_order_with_an_unknown_product_is_refused(store):
    response = store.request("POST", "/orders", json={"line_items": [{"product_id": 999999, "quantity": 1}]})
    assert (response.status_code, response.json()["code"]) == (400, "woocommerce_rest_invalid_product_id")


def test_posting_an_id_is_refused(store):
    response = store.request("POST", "/orders", json={"id": 5})
    assert (response.status_code, response.json()["code"]) == (400, "woocommerce_rest_shop_order_exists")


def test_delete_without_force_trashes_and_twice_is_410(store):
    order = an_order(store)
    assert store.request("DELETE", f"/orders/{order['id']}").json()["status"] == "trash"
    response = store.request("DELETE", f"/orders/{order['id']}")
    assert (response.status_code, response.json()["code"]) == (410, "woocommerce_rest_already_trashed")


def test_seeded_refunds_are_listed_with_negative_lines(store):
    order_id, refunds = next((oid, rs) for oid, rs in store.state.world.refunds.items()
                             if any(r["line_items"] for r in rs))
    listed = store.get(f"/orders/{order_id}/refunds").json()
    assert [r["id"] for r in listed] == [r["id"] for r in refunds]
    line = next(r for r in listed if r["line_items"])["line_items"][0]
    assert line["quantity"] < 0 and line["total"].startswith("-")


def test_partial_amount_refund_is_created_and_summarised_on_the_order(store):
    order = an_order(store)
    response = store.request("POST", f"/orders/{order['id']}/refunds", json={"amount": "1.00", "reason": "Late"})
    assert response.status_code == 201, response.text
    refund = response.json()
    assert refund["amount"] == "1.00" and refund["refunded_payment"] is True
    assert response.headers["Location"].endswith(f"/orders/{order['id']}/refunds/{refund['id']}")
    after = store.get(f"/orders/{order['id']}").json()
    assert after["refunds"][0] == {"id": refund["id"], "reason": "Late", "total": "-1.00"}
    assert after["status"] == "completed", "a partial refund leaves the status alone"


def test_refunding_the_whole_remainder_marks_the_order_refunded(store):
    order = an_order(store)
    store.request("POST", f"/orders/{order['id']}/refunds", json={"amount": "1.00"})
    rest = f"{(money_to_cents(order['total']) - 100) / 100:.2f}"
    assert store.request("POST", f"/orders/{order['id']}/refunds", json={"amount": rest}).status_code == 201
    assert store.get(f"/orders/{order['id']}").json()["status"] == "refunded"


def test_line_item_refund_takes_its_amount_from_the_lines(store):
    order = an_order(store)
    line = order["line_items"][0]
    response = store.request("POST", f"/orders/{order['id']}/refunds", json={
        "api_refund": False, "line_items": [{"id": line["id"], "quantity": 1, "refund_total": "2.00",
                                             "refund_tax": []}]})
    refund = response.json()
    assert refund["amount"] == "2.00"
    assert refund["line_items"][0]["quantity"] == -1
    assert refund["line_items"][0]["meta_data"][0] == {**refund["line_items"][0]["meta_data"][0],
                                                       "key": "_refunded_item_id", "value": str(line["id"])}


def test_refund_errors_are_the_documented_ones(store):
    order = an_order(store)
    assert store.request("POST", "/orders/999999/refunds", json={"amount": "1"}).json()["code"] == \
        "woocommerce_rest_invalid_order_id"
    negative = store.request("POST", f"/orders/{order['id']}/refunds", json={"amount": "-1"})
    assert (negative.status_code, negative.json()["code"]) == (400, "woocommerce_rest_invalid_order_refund")
    too_much = store.request("POST", f"/orders/{order['id']}/refunds", json={"amount": "999999.00"})
    assert (too_much.status_code, too_much.json()["code"]) == (500, "woocommerce_rest_cannot_create_order_refund")


def test_gateway_refund_on_a_gateway_without_refunds_fails_like_the_store(store):
    order = an_order(store, payment_method="cod")
    response = store.request("POST", f"/orders/{order['id']}/refunds", json={"amount": "1.00"})
    assert (response.status_code, response.json()["code"]) == (500, "woocommerce_rest_cannot_create_order_refund")
    manual = store.request("POST", f"/orders/{order['id']}/refunds", json={"amount": "1.00", "api_refund": False})
    assert manual.status_code == 201


def test_a_refund_of_another_order_is_not_found(store):
    (first_order, first), (second_order, _) = list(store.state.world.refunds.items())[:2]
    response = store.get(f"/orders/{second_order}/refunds/{first[0]['id']}")
    assert (response.status_code, response.json()["code"]) == (404, "woocommerce_rest_invalid_order_refund_id")


def test_reset_restores_the_seed_world(store):
    order = an_order(store)
    store.request("PUT", f"/orders/{order['id']}", json={"status": "cancelled"})
    store.state.reset()
    assert store.get(f"/orders/{order['id']}").json()["status"] == order["status"]
