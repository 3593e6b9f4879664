"""`GET /coupons` as a 9.9.5 store serves it (API-FACTS section 1: clients read coupons with `modified_after`): the
CRUD controller's paging and date filters plus `code` (woocommerce `class-wc-rest-coupons-v2-controller.php`)."""

from __future__ import annotations

from sandbox.seed.orders import COUPON_CODE


def test_coupons_are_listed_with_totals_newest_first(store):
    response = store.get("/coupons", params={"per_page": 2})
    coupons = store.state.world.coupons
    assert response.headers["X-WP-Total"] == str(len(coupons))
    assert response.headers["X-WP-TotalPages"] == str(-(-len(coupons) // 2))
    every = store.get("/coupons").json()
    assert [c["id"] for c in every] == [c["id"] for c in sorted(coupons, key=lambda c: c["date_created"],
                                                                      reverse=True)]


def test_modified_after_returns_only_coupons_changed_since(store):
    coupons = store.state.world.coupons
    newest_change = max(c["date_modified_gmt"] for c in coupons)
    cutoff = sorted(c["date_modified_gmt"] for c in coupons)[-2]
    recent = store.get("/coupons", params={"modified_after": cutoff, "dates_are_gmt": "true"}).json()
    assert [c["date_modified_gmt"] for c in recent] == [newest_change]
    older = store.get("/coupons", params={"modified_before": cutoff, "dates_are_gmt": "true"}).json()
    assert {c["id"] for c in older} == {c["id"] for c in coupons if c["date_modified_gmt"] < cutoff}


def test_the_coupon_the_orders_use_counts_their_uses(store):
    [coupon] = store.get("/coupons", params={"code": COUPON_CODE.upper()}).json()
    holders = [o for o in store.state.world.orders if o["coupon_lines"] and o["status"] != "cancelled"]
    assert holders
    assert (coupon["code"], coupon["discount_type"], coupon["amount"]) == (COUPON_CODE, "percent", "10.00")
    assert coupon["usage_count"] == len(holders) == len(coupon["used_by"])
    assert store.get("/coupons", params={"code": "no-such-code"}).json() == []


def test_one_coupon_by_id_and_a_missing_one(store):
    coupon = store.state.world.coupons[1]
    read = store.get(f"/coupons/{coupon['id']}").json()
    assert {k: v for k, v in read.items() if k != "_links"} == coupon
    assert read["_links"]["self"][0]["href"].endswith(f"/wc/v3/coupons/{coupon['id']}")
    missing = store.get("/coupons/999999")
    assert (missing.status_code, missing.json()["code"]) == (404, "woocommerce_rest_shop_coupon_invalid_id")


def test_coupons_page_by_id_and_filter_by_include(store):
    ids = sorted(c["id"] for c in store.state.world.coupons)
    assert [c["id"] for c in store.get("/coupons", params={"orderby": "id", "order": "asc"}).json()] == ids
    assert [c["id"] for c in store.get("/coupons", params={"include": ids[0]}).json()] == ids[:1]
    assert store.get("/coupons", params={"orderby": "amount"}).status_code == 400
