"""searchCriteria as Magento answers it: filter groups ANDed and filters ORed, sort orders, pages; a page past the
end is the last page again; ties come back in a new order each time; orders change during a page walk."""

from __future__ import annotations

import re
from typing import Any

import pytest
import requests
from sandbox import Sandbox

from tests.sandbox.adobe_commerce.conftest import rest_url

QUIET = {"churn_every_pages": 0}


def criteria(
    *filters: tuple[str, str, str],
    page_size: int | None = None,
    current_page: int | None = None,
    sort: tuple[tuple[str, str], ...] = (),
) -> dict[str, Any]:
    """Each filter in its own group (ANDed)."""
    params: dict[str, Any] = {}
    for group, (field, condition, value) in enumerate(filters):
        prefix = f"searchCriteria[filter_groups][{group}][filters][0]"
        params.update({f"{prefix}[field]": field, f"{prefix}[value]": value, f"{prefix}[condition_type]": condition})
    for index, (field, direction) in enumerate(sort):
        params[f"searchCriteria[sortOrders][{index}][field]"] = field
        params[f"searchCriteria[sortOrders][{index}][direction]"] = direction
    if page_size is not None:
        params["searchCriteria[pageSize]"] = page_size
    if current_page is not None:
        params["searchCriteria[currentPage]"] = current_page
    return params


@pytest.mark.parametrize("options", [QUIET])
def test_a_page_past_the_end_answers_the_last_page_again(api: requests.Session, store: Sandbox) -> None:
    total = len(store.state.records.orders)
    size = 7
    last_page = -(-total // size)
    last = api.get(rest_url(store, "orders"), params=criteria(page_size=size, current_page=last_page)).json()
    beyond = api.get(rest_url(store, "orders"), params=criteria(page_size=size, current_page=last_page + 3)).json()
    assert beyond["total_count"] == total
    assert {o["entity_id"] for o in beyond["items"]} == {o["entity_id"] for o in last["items"]}
    assert beyond["search_criteria"]["current_page"] == last_page + 3


@pytest.mark.parametrize("options", [{**QUIET, "past_last_page": "empty"}])
def test_a_page_past_the_end_can_be_empty_instead(api: requests.Session, store: Sandbox) -> None:
    beyond = api.get(rest_url(store, "orders"), params=criteria(page_size=7, current_page=99)).json()
    assert beyond["items"] == []
    assert beyond["total_count"] == len(store.state.records.orders)


@pytest.mark.parametrize("options", [QUIET])
def test_orders_sharing_a_sort_value_come_back_in_a_new_order_on_each_request(
    api: requests.Session, store: Sandbox
) -> None:
    params = criteria(sort=(("status", "ASC"),), page_size=100)
    orders = {tuple(o["entity_id"] for o in api.get(rest_url(store, "orders"), params=params).json()["items"])
              for _ in range(4)}  # fmt: skip
    assert len(orders) > 1
    for listing in orders:
        statuses = [store.state.records.orders[i]["status"] for i in listing]
        assert statuses == sorted(statuses)


@pytest.mark.parametrize("options", [{**QUIET, "shuffle_ties": False}])
def test_ties_keep_the_id_order_when_shuffling_is_off(api: requests.Session, store: Sandbox) -> None:
    params = criteria(sort=(("status", "ASC"),), page_size=100)
    first, second = (api.get(rest_url(store, "orders"), params=params).json()["items"] for _ in range(2))
    assert [o["entity_id"] for o in first] == [o["entity_id"] for o in second]


@pytest.mark.parametrize("options", [{"churn_every_pages": 2, "churn_orders": 3}])
def test_every_nth_page_request_gives_orders_of_the_window_a_new_updated_at(
    api: requests.Session, store: Sandbox
) -> None:
    window = criteria(("updated_at", "gteq", "2024-06-01 00:00:00"), page_size=10)
    before = {i: o["updated_at"] for i, o in store.state.records.orders.items()}
    api.get(rest_url(store, "orders"), params=window)
    assert {i: o["updated_at"] for i, o in store.state.records.orders.items()} == before
    api.get(rest_url(store, "orders"), params=window)
    changed = [i for i, o in store.state.records.orders.items() if o["updated_at"] != before[i]]
    assert len(changed) == 3
    assert all(before[i] >= "2024-06-01 00:00:00" for i in changed)
    assert {store.state.records.orders[i]["updated_at"] for i in changed} == {
        store.state.now().strftime("%Y-%m-%d %H:%M:%S")
    }


@pytest.mark.parametrize("options", [QUIET])
def test_updated_at_bounds_entity_ids_and_statuses_filter_together(api: requests.Session, store: Sandbox) -> None:
    orders = store.state.records.orders.values()
    stamps = sorted(o["updated_at"] for o in orders)
    low, high = stamps[10], stamps[40]
    answer = api.get(
        rest_url(store, "orders"),
        params=criteria(
            ("updated_at", "gteq", low), ("updated_at", "lt", high), ("status", "in", "processing,complete")
        ),
    ).json()
    expected = {
        o["entity_id"] for o in orders if low <= o["updated_at"] < high and o["status"] in ("processing", "complete")
    }
    assert {o["entity_id"] for o in answer["items"]} == expected
    assert answer["total_count"] == len(expected)
    some = sorted(store.state.records.orders)[:3]
    by_increment = api.get(
        rest_url(store, "orders"),
        params=criteria(("increment_id", "in", ",".join(f"{i:09d}" for i in some))),
    ).json()
    assert sorted(o["entity_id"] for o in by_increment["items"]) == some
    above = api.get(rest_url(store, "orders"), params=criteria(("entity_id", "gt", str(some[-1])))).json()
    assert min(o["entity_id"] for o in above["items"]) > some[-1]


@pytest.mark.parametrize("options", [QUIET])
def test_timestamps_are_utc_whole_seconds_without_t(api: requests.Session, store: Sandbox) -> None:
    items = api.get(rest_url(store, "orders"), params=criteria(page_size=20)).json()["items"]
    pattern = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$")
    assert all(pattern.match(o["updated_at"]) and pattern.match(o["created_at"]) for o in items)


def test_the_store_clock_runs_behind_the_callers(store: Sandbox) -> None:
    assert (store.state.clock() - store.state.now()).total_seconds() >= 22


@pytest.mark.parametrize("options", [QUIET])
def test_invoices_and_credit_memos_filter_by_order(api: requests.Session, store: Sandbox) -> None:
    memo = next(iter(store.state.records.creditmemos.values()))
    memos = api.get(rest_url(store, "creditmemos"), params=criteria(("order_id", "eq", str(memo["order_id"])))).json()
    assert {m["order_id"] for m in memos["items"]} == {memo["order_id"]}
    invoices = api.get(rest_url(store, "invoices"), params=criteria(("updated_at", "gt", "2000-01-01 00:00:00")))
    assert invoices.json()["total_count"] == len(store.state.records.invoices)


def test_products_filter_by_sku(api: requests.Session, store: Sandbox) -> None:
    product = next(p for p in store.state.records.products.values() if p["type_id"] == "simple")
    answer = api.get(rest_url(store, "products"), params=criteria(("sku", "eq", product["sku"]))).json()
    assert [p["id"] for p in answer["items"]] == [product["id"]]


def test_the_all_scope_and_the_default_path_answer_too(api: requests.Session, store: Sandbox) -> None:
    assert api.get(rest_url(store, "orders", store_code="all"), params=criteria(page_size=1)).status_code == 200
    default_path = rest_url(store, "orders").replace(f"/rest/{store.state.options.store_code}/V1", "/rest/V1")
    assert api.get(default_path, params=criteria(page_size=1)).status_code == 200
