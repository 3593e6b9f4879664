"""What the API leaves open, done the unkind way: equal sort keys in a different order on every request (a naive
page walk then misses rows), an order edited mid-walk moves, optional fields absent."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import requests
from sandbox import Sandbox

from tests.sandbox.bigcommerce.conftest import store_url

TIED = 12


def _tie(sandbox: Sandbox) -> tuple[set[int], str]:
    """Edit TIED orders within one second: they share `date_modified`, as a bulk status change leaves them."""
    ids = sorted(record.order_id for record in sandbox.state.records.orders.values() if not record.archived)[:TIED]
    for order_id in ids:
        sandbox.state.touch_order(order_id)
    return set(ids), sandbox.state.now().isoformat()


def _walk(api: requests.Session, sandbox: Sandbox, params: dict[str, Any], limit: int) -> list[int]:
    seen: list[int] = []
    page = 1
    while True:
        query: dict[str, Any] = {**params, "page": page, "limit": limit}
        response = api.get(store_url(sandbox, "v2/orders"), params=query)
        if response.status_code == 204:
            return seen
        seen.extend(order["id"] for order in response.json())
        page += 1


def test_same_page_twice_orders_equal_keys_differently(api: requests.Session, bigcommerce: Sandbox) -> None:
    bigcommerce.state.set_options(replace(bigcommerce.state.options, churn_every_pages=0))
    _, since = _tie(bigcommerce)
    params: dict[str, Any] = {"min_date_modified": since, "sort": "date_modified:asc", "limit": TIED}
    orders = [[o["id"] for o in api.get(store_url(bigcommerce, "v2/orders"), params=params).json()] for _ in range(4)]
    assert len({tuple(ids) for ids in orders}) > 1
    assert all(set(ids) == set(orders[0]) for ids in orders)


def test_naive_page_walk_over_tied_keys_misses_orders(api: requests.Session, bigcommerce: Sandbox) -> None:
    bigcommerce.state.set_options(replace(bigcommerce.state.options, churn_every_pages=0))
    tied, since = _tie(bigcommerce)
    seen = _walk(api, bigcommerce, {"min_date_modified": since, "sort": "date_modified:asc"}, limit=4)
    assert len(seen) == TIED  # as many rows as orders ...
    assert set(seen) < tied  # ... yet some order never came, another came twice


def test_order_edited_mid_walk_moves_and_a_walk_by_modified_date_misses_one(
    api: requests.Session, bigcommerce: Sandbox
) -> None:
    """Every 2nd page touches an order it served: sorted by `date_modified` it moves to the end, shifting the
    rest back a place, so the next page starts one row late."""
    bigcommerce.state.set_options(replace(bigcommerce.state.options, shuffle_ties=False, churn_every_pages=2))
    live = {r.order_id for r in bigcommerce.state.records.orders.values() if not r.archived}
    seen = _walk(api, bigcommerce, {"sort": "date_modified:asc"}, limit=10)
    assert live - set(seen)
    assert len(seen) != len(set(seen))


def test_walk_by_id_under_churn_still_sees_every_order(api: requests.Session, bigcommerce: Sandbox) -> None:
    """The churn changes dates, not ids: the documented default sort stays a safe walk."""
    bigcommerce.state.set_options(replace(bigcommerce.state.options, churn_every_pages=2))
    live = sorted(r.order_id for r in bigcommerce.state.records.orders.values() if not r.archived)
    assert _walk(api, bigcommerce, {}, limit=10) == live


def test_some_orders_leave_optional_fields_out(api: requests.Session, bigcommerce: Sandbox) -> None:
    orders = api.get(store_url(bigcommerce, "v2/orders"), params={"limit": 250}).json()
    assert any("customer_locale" not in order for order in orders)
    assert any("customer_locale" in order for order in orders)
    assert any(order["external_id"] is None for order in orders)
