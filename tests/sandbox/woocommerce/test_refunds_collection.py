"""Refund collections as WooCommerce 9.x serves them (API-FACTS section 1, "Refunds"): `GET /refunds` lists every
refund of the store with the order refunds controller's collection params, and `GET /orders/{id}/refunds` of an
order that does not exist is an empty list, not an error (woocommerce `class-wc-rest-refunds-controller.php` and
`class-wc-rest-order-refunds-v2-controller.php`)."""

from __future__ import annotations

import math

import pytest


def seeded_refunds(store) -> dict[int, int]:
    """refund id -> its order id, from the seed world."""
    return {r["id"]: order_id for order_id, rs in store.state.world.refunds.items() for r in rs}


def walk(store, path, **params) -> list[dict]:
    found, page = [], 1
    while True:
        response = store.get(path, params={**params, "page": page})
        assert response.status_code == 200, response.text
        found += response.json()
        if page >= int(response.headers["X-WP-TotalPages"]):
            return found
        page += 1


def test_refunds_lists_every_refund_of_the_store_once_with_its_parent_order(store):
    expected = seeded_refunds(store)
    assert len(expected) >= 3
    refunds = walk(store, "/refunds", per_page=2, orderby="id", order="asc")
    assert [r["id"] for r in refunds] == sorted(expected)
    assert {r["id"]: r["parent_id"] for r in refunds} == expected
    first = store.get("/refunds", params={"per_page": 2})
    assert first.headers["X-WP-Total"] == str(len(expected))
    assert first.headers["X-WP-TotalPages"] == str(math.ceil(len(expected) / 2))


def test_a_store_wide_refund_is_the_per_order_refund_with_parent_id_and_a_refunded_by_link(store):
    refund = store.get("/refunds", params={"per_page": 1}).json()[0]
    order_id = refund["parent_id"]
    same = store.get(f"/orders/{order_id}/refunds/{refund['id']}").json()
    assert list(refund)[:2] == ["id", "parent_id"]
    assert {k: v for k, v in refund.items() if k not in ("parent_id", "_links")} == \
        {k: v for k, v in same.items() if k != "_links"}
    assert refund["_links"]["up"][0]["href"].endswith(f"/wc/v3/orders/{order_id}")
    assert refund["_links"]["refunded_by"][0]["href"].endswith(f"/wp/v2/users/{refund['refunded_by']}")


def test_parent_is_ignored_on_the_store_wide_route_and_parent_exclude_applies(store):
    expected = seeded_refunds(store)
    one_order = next(iter(expected.values()))
    ignored = store.get("/refunds", params={"parent": one_order, "per_page": 100})
    assert int(ignored.headers["X-WP-Total"]) == len(expected)
    excluded = store.get("/refunds", params={"parent_exclude": one_order, "per_page": 100}).json()
    assert {r["id"] for r in excluded} == {rid for rid, oid in expected.items() if oid != one_order}


def test_date_filters_select_refunds_by_their_creation_date(store):
    refunds = walk(store, "/refunds", per_page=100, orderby="id")
    stamps = sorted(r["date_created_gmt"] for r in refunds)
    middle = stamps[len(stamps) // 2]
    after = store.get("/refunds", params={"after": middle, "dates_are_gmt": "true", "per_page": 100}).json()
    before = store.get("/refunds", params={"before": middle, "dates_are_gmt": "true", "per_page": 100}).json()
    assert {r["id"] for r in after} == {r["id"] for r in refunds if r["date_created_gmt"] > middle}
    assert {r["id"] for r in before} == {r["id"] for r in refunds if r["date_created_gmt"] < middle}
    modified = store.get("/refunds", params={"modified_after": middle, "dates_are_gmt": "true",
                                             "per_page": 100}).json()
    assert {r["id"] for r in modified} == {r["id"] for r in after}, "a refund's modification is its creation"


def test_orderby_id_include_and_the_default_newest_first(store):
    ids = sorted(seeded_refunds(store))
    ascending = store.get("/refunds", params={"orderby": "id", "order": "asc", "per_page": 100}).json()
    assert [r["id"] for r in ascending] == ids
    picked = [ids[-1], ids[0]]
    by_include = store.get("/refunds", params={"include": ",".join(map(str, picked)), "orderby": "include"}).json()
    assert [r["id"] for r in by_include] == picked
    newest_first = [r["date_created"] for r in store.get("/refunds", params={"per_page": 100}).json()]
    assert newest_first == sorted(newest_first, reverse=True)


def test_search_finds_a_refund_by_its_id_or_a_line_name(store):
    refund_id = min(seeded_refunds(store))
    found = store.get("/refunds", params={"search": str(refund_id), "per_page": 100}).json()
    assert refund_id in [r["id"] for r in found]
    assert all(r["id"] == refund_id or any(str(refund_id) in line["name"] for line in r["line_items"])
               for r in found)
    line_name = next(line["name"] for rs in store.state.world.refunds.values() for r in rs
                     for line in r["line_items"])
    by_name = store.get("/refunds", params={"search": line_name.upper(), "per_page": 100}).json()
    assert by_name and all(any(line_name in line["name"] for line in r["line_items"]) for r in by_name)


@pytest.mark.parametrize(("name", "value"), [("orderby", "amount"), ("order", "up"), ("dp", "two"),
                                             ("context", "embed-all"), ("after", "yesterday"), ("per_page", "101")])
def test_arguments_of_the_wrong_type_are_refused_like_wordpress(store, name, value):
    response = store.get("/refunds", params={name: value})
    assert (response.status_code, response.json()["code"]) == (400, "rest_invalid_param")


def test_a_new_refund_shows_up_and_a_deleted_orders_refunds_go(store):
    before = int(store.get("/refunds").headers["X-WP-Total"])
    order = next(o for o in store.state.world.orders if o["status"] == "completed" and not o["refunds"])
    created = store.request("POST", f"/orders/{order['id']}/refunds", json={"amount": "1.00",
                                                                           "api_refund": False}).json()
    newest = store.get("/refunds", params={"orderby": "id"}).json()[0]
    assert (newest["id"], newest["parent_id"]) == (created["id"], order["id"])
    assert int(store.get("/refunds").headers["X-WP-Total"]) == before + 1
    store.request("DELETE", f"/orders/{order['id']}", params={"force": "true"})
    assert int(store.get("/refunds").headers["X-WP-Total"]) == before
    assert created["id"] not in [r["id"] for r in store.get("/refunds", params={"per_page": 100}).json()]


def test_refunds_of_an_order_that_does_not_exist_are_an_empty_list(store):
    response = store.get("/orders/999999/refunds")
    assert response.status_code == 200
    assert response.json() == []
    assert (response.headers["X-WP-Total"], response.headers["X-WP-TotalPages"]) == ("0", "0")


def test_the_per_order_route_takes_the_same_filters(store):
    order_id, refunds = next(iter(store.state.world.refunds.items()))
    refund = refunds[0]
    listed = store.get(f"/orders/{order_id}/refunds", params={"after": refund["date_created"]}).json()
    assert listed == []
    listed = store.get(f"/orders/{order_id}/refunds", params={"before": "2999-01-01T00:00:00"}).json()
    assert [r["id"] for r in listed] == [r["id"] for r in refunds]
    assert "parent_id" not in listed[0], "only the store-wide route adds parent_id"
