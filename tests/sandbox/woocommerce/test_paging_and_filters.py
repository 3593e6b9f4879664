"""Collections page and filter like the CRUD controller (API-FACTS section 1, "Pagination" and "Incremental
filters"; specs/woocommerce/source/includes/wp-api-v3/_introduction.md "Pagination", _orders.md "List all orders")."""

from __future__ import annotations

import math
import re

import pytest

# `any` leaves the trash out even beside `trash` (a list naming `any` reads as `any` alone): name them all.
EVERY_STATUS = "pending,processing,on-hold,completed,cancelled,refunded,failed,trash"


def test_the_official_client_pages_through_every_order_once(store):
    api = store.https_api()
    seen, page = [], 1
    while True:
        response = api.get("orders", params={"per_page": 7, "page": page})
        seen += [order["id"] for order in response.json()]
        if page >= int(response.headers["X-WP-TotalPages"]):
            break
        page += 1
    not_trashed = [o["id"] for o in store.state.world.orders if o["status"] != "trash"]
    assert sorted(seen) == sorted(not_trashed)
    assert len(seen) == len(set(seen))


def test_totals_headers_count_the_whole_filtered_collection(store):
    response = store.get("/orders", params={"per_page": 10})
    total = sum(1 for o in store.state.world.orders if o["status"] != "trash")
    assert response.headers["X-WP-Total"] == str(total)
    assert response.headers["X-WP-TotalPages"] == str(math.ceil(total / 10))


@pytest.mark.parametrize("per_page", ["0", "101", "-1", "ten"])
def test_per_page_outside_1_to_100_is_a_400(store, per_page):
    response = store.get("/orders", params={"per_page": per_page})
    assert response.status_code == 400
    assert response.json()["code"] == "rest_invalid_param"
    assert "per_page" in response.json()["data"]["params"]


def test_per_page_100_is_accepted(store):
    assert store.get("/orders", params={"per_page": 100}).status_code == 200


def test_default_page_size_is_ten(store):
    assert len(store.get("/orders").json()) == 10


def test_a_page_past_the_end_is_an_empty_list_with_totals(store):
    response = store.get("/orders", params={"per_page": 50, "page": 99})
    assert response.status_code == 200
    assert response.json() == []
    assert int(response.headers["X-WP-Total"]) > 0
    assert 'rel="prev"' in response.headers["Link"]


def test_link_header_has_prev_and_next_and_keeps_the_query(store):
    response = store.get("/orders", params={"per_page": 5, "page": 2, "status": "any"})
    links = dict((rel, url) for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', response.headers["Link"]))
    assert set(links) == {"prev", "next"}
    assert "page=1" in links["prev"] and "page=3" in links["next"]
    assert "per_page=5" in links["next"] and "status=any" in links["next"]
    assert "Link" not in store.get("/orders", params={"per_page": 100}).headers


def test_offset_overrides_page(store):
    by_page = store.get("/orders", params={"per_page": 5, "page": 2}).json()
    by_offset = store.get("/orders", params={"per_page": 5, "offset": 5, "page": 7}).json()
    assert [o["id"] for o in by_page] == [o["id"] for o in by_offset]


def test_default_order_is_date_desc_with_id_as_tie_break(store):
    orders = store.get("/orders", params={"per_page": 100}).json()
    keys = [(o["date_created"], o["id"]) for o in orders]
    assert keys == sorted(keys, reverse=True)


def test_orderby_id_ascending(store):
    ids = [o["id"] for o in store.get("/orders", params={"per_page": 100, "orderby": "id", "order": "asc"}).json()]
    assert ids == sorted(ids)


def test_invalid_orderby_is_a_400(store):
    assert store.get("/orders", params={"orderby": "total"}).json()["code"] == "rest_invalid_param"


def test_status_filter_takes_a_comma_list(store):
    orders = store.get("/orders", params={"per_page": 100, "status": "completed,refunded"}).json()
    assert orders and {o["status"] for o in orders} == {"completed", "refunded"}


def test_trash_is_returned_only_when_asked_for(store):
    assert all(o["status"] != "trash" for o in store.get("/orders", params={"per_page": 100, "status": "any"}).json())
    trashed = store.get("/orders", params={"status": "trash"}).json()
    assert trashed and {o["status"] for o in trashed} == {"trash"}


def test_a_list_naming_any_reads_as_any_alone_and_leaves_the_trash_out(store):
    assert any(o["status"] == "trash" for o in store.state.docs.orders.values())
    both = store.get("/orders", params={"per_page": 100, "status": "any,trash"}).json()
    assert both and all(o["status"] != "trash" for o in both)
    assert {o["id"] for o in both} == {o["id"] for o in store.get("/orders", params={"per_page": 100}).json()}


def test_an_unknown_status_is_a_400(store):
    assert store.get("/orders", params={"status": "shipped"}).status_code == 400


def test_include_limits_to_those_ids(store):
    wanted = [o["id"] for o in store.state.world.orders[:3]]
    got = store.get("/orders", params={"include": ",".join(map(str, wanted)), "status": "any"}).json()
    assert sorted(o["id"] for o in got) == sorted(i for i in wanted if store.state.docs.orders[i]["status"] != "trash")


def test_modified_after_with_gmt_dates_is_strictly_after(store):
    orders = sorted(store.state.world.orders, key=lambda o: o["date_modified_gmt"])
    pivot = orders[len(orders) // 2]["date_modified_gmt"]
    got = store.get("/orders", params={"per_page": 100, "status": EVERY_STATUS, "modified_after": pivot,
                                       "dates_are_gmt": "true"}).json()
    assert got and all(o["date_modified_gmt"] > pivot for o in got)
    expected = {o["id"] for o in orders if o["date_modified_gmt"] > pivot}
    assert {o["id"] for o in got} == expected


def test_local_dates_are_compared_with_local_columns_by_default(store):
    order = store.state.world.orders[5]
    got = store.get("/orders", params={"per_page": 100, "status": EVERY_STATUS, "after": order["date_created"],
                                       "before": "2100-01-01T00:00:00"}).json()
    assert all(o["date_created"] > order["date_created"] for o in got)
    assert order["id"] not in {o["id"] for o in got}


def test_date_filters_need_a_full_date_time(store):
    response = store.get("/orders", params={"modified_after": "2025-01-01"})
    assert (response.status_code, response.json()["code"]) == (400, "rest_invalid_param")


def test_customers_filter_by_email(store):
    customer = store.state.world.customers[3]
    got = store.get("/customers", params={"email": customer["email"]}).json()
    assert [c["id"] for c in got] == [customer["id"]]
    assert store.get("/customers", params={"email": "nobody@example.invalid"}).json() == []


def test_checkout_draft_is_an_order_status_filter_the_store_accepts(store):
    """The checkout block registers `wc-checkout-draft`, so the orders controller's status enum has it: 200."""
    response = store.get("/orders", params={"status": "checkout-draft"})
    assert response.status_code == 200
    drafts = [o["id"] for o in store.state.world.orders if o["status"] == "checkout-draft"]
    assert [o["id"] for o in response.json()] == drafts
    assert store.get("/orders", params={"status": "checkout-drafts"}).status_code == 400
