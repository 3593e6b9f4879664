"""Refunds with `api_restock` (specs/woocommerce/source/includes/wp-api-v3/_order-refunds.md: "When true, the
selected line items are restocked", default true). As woocommerce `wc_restock_refunded_items()` does it: the
refunded quantity goes back to a managed-stock product's stock, and the order line's `_restock_refunded_items`
meta keeps the running total of units restocked."""

from __future__ import annotations


def _stocked(store, line):
    docs = store.state.docs
    return docs.variations[line["variation_id"]] if line["variation_id"] else docs.products[line["product_id"]]


def _order_with_a_stocked_line(store, *, managed=True):
    for order in store.state.world.orders:
        if order["status"] != "completed" or order["refunds"] or order["payment_method"] not in ("stripe", "paypal"):
            continue
        for line in order["line_items"]:
            doc = _stocked(store, line) if line["product_id"] in store.state.docs.products else None
            if doc is not None and doc["manage_stock"] is managed and line["quantity"] >= 2:
                return order, line
    raise AssertionError("the seed world has no such order")


def _refund(store, order, line, quantity, **options):
    return store.request("POST", f"/orders/{order['id']}/refunds", json={
        "api_refund": False, **options,
        "line_items": [{"id": line["id"], "quantity": quantity, "refund_total": "1.00", "refund_tax": []}]})


def _restocked_meta(store, order, line):
    after = store.get(f"/orders/{order['id']}").json()
    got = next(item for item in after["line_items"] if item["id"] == line["id"])
    return [m["value"] for m in got["meta_data"] if m["key"] == "_restock_refunded_items"]


def _stock(store, line):
    path = (f"/products/{line['product_id']}/variations/{line['variation_id']}" if line["variation_id"]
            else f"/products/{line['product_id']}")
    return store.get(path).json()["stock_quantity"]


def test_api_restock_puts_the_refunded_units_back_and_records_them_on_the_order_line(store):
    order, line = _order_with_a_stocked_line(store)
    before = _stock(store, line)

    assert _refund(store, order, line, 1).status_code == 201  # api_restock defaults to true

    assert _stock(store, line) == before + 1
    assert _restocked_meta(store, order, line) == ["1"]
    assert _refund(store, order, line, 1, api_restock=True).status_code == 201
    assert _stock(store, line) == before + 2
    assert _restocked_meta(store, order, line) == ["2"], "the meta is a running total, kept in one entry"


def test_without_api_restock_stock_and_meta_are_left_alone(store):
    order, line = _order_with_a_stocked_line(store)
    before = _stock(store, line)
    assert _refund(store, order, line, 1, api_restock=False).status_code == 201
    assert _stock(store, line) == before
    assert _restocked_meta(store, order, line) == []


def test_a_product_that_does_not_manage_stock_is_not_restocked(store):
    order, line = _order_with_a_stocked_line(store, managed=False)
    assert _refund(store, order, line, 1, api_restock=True).status_code == 201
    assert _stock(store, line) is None
    assert _restocked_meta(store, order, line) == []
