"""Fields a real WooCommerce 9.9.5 store sends beyond the docs' tables (API-FACTS section 1, "Fields a real 9.9.5
store sends"), with the values WooCommerce computes for them: WC_Order::is_editable(), needs_payment(),
needs_processing() and get_checkout_payment_url(); the orders controller's get_order_item_data() for nested lines."""

from __future__ import annotations

from sandbox.seed.orders import money_to_cents

EVERY_STATUS = "pending,processing,on-hold,completed,cancelled,refunded,failed,trash"


def every_order(store):
    return store.get("/orders", params={"per_page": 100, "status": EVERY_STATUS}).json()


def a_simple_product(store):
    return next(p for p in store.state.world.products if p["type"] == "simple" and p["sku"])


def test_each_order_has_the_flags_its_status_gives(store):
    orders = every_order(store)
    assert {o["status"] for o in orders} >= {"pending", "on-hold", "failed", "completed", "processing"}
    for order in orders:
        assert order["is_editable"] is (order["status"] in ("pending", "on-hold")), order["status"]
        assert order["needs_payment"] is (order["status"] in ("pending", "failed")
                                          and money_to_cents(order["total"]) > 0), order["status"]
        assert order["needs_processing"] is True, "every seeded order has a physical product line"


def test_the_flags_follow_a_status_change_of_the_same_order(store):
    order = next(o for o in every_order(store) if o["status"] == "pending")
    assert (order["is_editable"], order["needs_payment"]) == (True, True)
    changed = store.request("PUT", f"/orders/{order['id']}", json={"status": "completed"}).json()
    assert (changed["is_editable"], changed["needs_payment"]) == (False, False)
    assert store.get(f"/orders/{order['id']}").json()["is_editable"] is False


def test_an_order_of_virtual_downloadable_goods_only_needs_no_processing(store):
    ebook = store.request("POST", "/products", json={"name": "E-book", "regular_price": "9.00", "virtual": True,
                                                     "downloadable": True}).json()
    digital = store.request("POST", "/orders", json={"line_items": [{"product_id": ebook["id"]}]}).json()
    assert digital["needs_processing"] is False
    mixed = store.request("POST", "/orders", json={"line_items": [
        {"product_id": ebook["id"]}, {"product_id": a_simple_product(store)["id"]}]}).json()
    assert mixed["needs_processing"] is True


def test_currency_symbol_is_the_symbol_of_the_orders_own_currency(store):
    symbols = {o["currency"]: o["currency_symbol"] for o in every_order(store)}
    assert symbols == {"USD": "$", "EUR": "€"}
    order = every_order(store)[0]
    assert list(order).index("currency_symbol") == list(order).index("currency") + 1


def test_payment_url_is_built_from_the_host_of_each_request(store):
    order = every_order(store)[0]
    through_a = store.get(f"/orders/{order['id']}", headers={"Host": "shop-a.example:8443"}).json()
    through_b = store.get(f"/orders/{order['id']}", headers={"Host": "shop-b.example"}).json()
    path = f"/checkout/order-pay/{order['id']}/?pay_for_order=true&key={order['order_key']}"
    assert through_a["payment_url"] == f"https://shop-a.example:8443{path}"
    assert through_b["payment_url"] == f"https://shop-b.example{path}"
    assert {k: v for k, v in through_a.items() if k != "payment_url"} == \
        {k: v for k, v in through_b.items() if k != "payment_url"}, "only payment_url follows the host"
    listed = store.get("/orders", params={"include": order["id"]}, headers={"Host": "shop-b.example"}).json()
    assert listed[0]["payment_url"] == through_b["payment_url"]


def test_a_webhook_payload_builds_payment_url_from_the_site_url(store):
    order = every_order(store)[0]
    payload = store.state.orders.json(order["id"]).decode()
    assert f'"payment_url":"{store.state.site_url}/checkout/order-pay/'.replace("/", "\\/") in payload


def test_products_carry_brands_gtin_options_low_stock_and_password(store):
    for product in store.get("/products", params={"per_page": 100}).json():
        assert (product["brands"], product["global_unique_id"], product["low_stock_amount"],
                product["post_password"]) == ([], "", None, "")
        assert product["has_options"] is (product["type"] == "variable")
        for attribute in product["attributes"]:
            assert attribute["slug"] == attribute["name"], "a custom attribute's slug is its name as typed"


def test_variations_carry_their_name_parent_and_type(store):
    parent = next(p for p in store.state.world.products if p["type"] == "variable")
    for variation in store.get(f"/products/{parent['id']}/variations").json():
        options = ", ".join(a["option"] for a in variation["attributes"])
        assert variation["name"] == f"{parent['name']} - {options}"
        assert (variation["parent_id"], variation["type"]) == (parent["id"], "variation")
        assert (variation["global_unique_id"], variation["low_stock_amount"]) == ("", None)
        assert [a["slug"] for a in variation["attributes"]] == [a["name"].lower() for a in variation["attributes"]]


def test_renaming_a_variable_product_renames_its_variations(store):
    parent = next(p for p in store.state.world.products if p["type"] == "variable")
    store.request("PUT", f"/products/{parent['id']}", json={"name": "Renamed"})
    names = [v["name"] for v in store.get(f"/products/{parent['id']}/variations").json()]
    assert names and all(name.startswith("Renamed - ") for name in names)


def test_a_created_product_answers_with_its_generated_slug_and_permalink_template(store):
    created = store.request("POST", "/products", json={"name": "Slug Tee", "regular_price": "5.00"}).json()
    assert created["generated_slug"] == created["slug"]
    assert created["permalink_template"] == f"{store.state.site_url}/product/%pagename%/"
    read = store.get(f"/products/{created['id']}").json()
    assert "generated_slug" not in read and "permalink_template" not in read, "a read is the view context"


def test_shipping_addresses_have_a_phone(store):
    order = every_order(store)[0]
    assert order["shipping"]["phone"] == ""
    customer = store.get("/customers").json()[0]
    assert customer["shipping"]["phone"] == ""
    changed = store.request("PUT", f"/orders/{order['id']}", json={"shipping": {"phone": "+1 555 0100"}}).json()
    assert changed["shipping"]["phone"] == "+1 555 0100"


def test_line_items_carry_an_image_and_the_parent_name_of_a_variation(store):
    products = {p["id"]: p for p in store.state.world.products}
    lines = [line for order in every_order(store) for line in order["line_items"]]
    assert any(line["variation_id"] for line in lines) and any(not line["variation_id"] for line in lines)
    for line in lines:
        assert line["image"] == {"id": 0, "src": ""}
        expected = products[line["product_id"]]["name"] if line["variation_id"] else None
        assert line["parent_name"] == expected


def test_an_order_keyed_through_the_api_names_the_variations_parent(store):
    parent = next(p for p in store.state.world.products if p["type"] == "variable")
    order = store.request("POST", "/orders", json={"line_items": [
        {"product_id": parent["id"], "variation_id": parent["variations"][0]}]}).json()
    assert order["line_items"][0]["parent_name"] == parent["name"]


def test_shipping_fee_and_coupon_lines_carry_the_9_9_5_fields(store):
    orders = every_order(store)
    shipping = [line for o in orders for line in o["shipping_lines"]]
    assert shipping and all((s["instance_id"], s["tax_status"]) == ("1", "taxable") for s in shipping)
    fees = [line for o in orders for line in o["fee_lines"]]
    assert fees and all(f["amount"] == f["total"] for f in fees)
    coupon_lines = [line for o in orders for line in o["coupon_lines"]]
    coupons = {c["code"]: c for c in store.get("/coupons").json()}
    assert coupon_lines
    for line in coupon_lines:
        coupon = coupons[line["code"]]
        assert line["discount_type"] == coupon["discount_type"]
        assert line["nominal_amount"] == float(coupon["amount"])
        assert line["free_shipping"] is coupon["free_shipping"]


def test_refunds_carry_shipping_tax_and_fee_lines(store):
    refunds = [r for order_id in store.state.world.refunds for r in store.get(f"/orders/{order_id}/refunds").json()]
    assert refunds
    for refund in refunds:
        assert (refund["shipping_lines"], refund["fee_lines"]) == ([], [])
        line_tax = {}
        for line in refund["line_items"]:
            assert "image" in line and "parent_name" in line
            for tax in line["taxes"]:
                line_tax[tax["id"]] = line_tax.get(tax["id"], 0) + money_to_cents(tax["total"])
        # update_taxes(): one tax item per rate the refunded lines name, holding their sum.
        assert {t["rate_id"]: money_to_cents(t["tax_total"]) for t in refund["tax_lines"]} == line_tax


def test_a_line_refund_through_the_api_gets_a_tax_line_per_rate(store):
    order = next(o for o in store.state.world.orders if o["status"] == "completed" and o["tax_lines"]
                 and not o["refunds"])
    line = order["line_items"][0]
    refund = store.request("POST", f"/orders/{order['id']}/refunds", json={
        "api_refund": False, "line_items": [{"id": line["id"], "quantity": 1, "refund_total": "1.00",
                                             "refund_tax": [{"id": line["taxes"][0]["id"], "refund_total": "0.08"}]}],
    }).json()
    assert [(t["rate_id"], t["tax_total"], t["label"]) for t in refund["tax_lines"]] == [
        (order["tax_lines"][0]["rate_id"], "-0.08", order["tax_lines"][0]["label"])]
