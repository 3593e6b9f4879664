"""v2 order pages: default 50, at most 250 (more is 413), bare arrays, an empty page is 204 with no body, and a
walk by id over a store that holds still returns every order once."""

from __future__ import annotations

import pytest
import requests
from sandbox import Sandbox

from tests.sandbox.bigcommerce.conftest import store_url


@pytest.fixture
def options() -> dict[str, object]:
    return {"churn_every_pages": 0}


def _live_ids(sandbox: Sandbox) -> list[int]:
    return sorted(record.order_id for record in sandbox.state.records.orders.values() if not record.archived)


def test_default_page_is_fifty_orders_as_a_bare_array_sorted_by_id(api: requests.Session, bigcommerce: Sandbox) -> None:
    body = api.get(store_url(bigcommerce, "v2/orders")).json()
    assert isinstance(body, list)
    assert [order["id"] for order in body] == _live_ids(bigcommerce)[:50]


def test_limit_250_is_served_and_251_is_413_with_the_v2_error_body(api: requests.Session, bigcommerce: Sandbox) -> None:
    assert api.get(store_url(bigcommerce, "v2/orders"), params={"limit": 250}).status_code == 200
    refused = api.get(store_url(bigcommerce, "v2/orders"), params={"limit": 251})
    assert refused.status_code == 413
    assert refused.json()[0]["status"] == 413


def test_page_past_the_end_is_204_without_a_body(api: requests.Session, bigcommerce: Sandbox) -> None:
    response = api.get(store_url(bigcommerce, "v2/orders"), params={"page": 99, "limit": 50})
    assert response.status_code == 204
    assert response.content == b""


def test_filter_matching_nothing_is_204(api: requests.Session, bigcommerce: Sandbox) -> None:
    response = api.get(store_url(bigcommerce, "v2/orders"), params={"min_id": 10_000_000})
    assert response.status_code == 204


def test_walk_by_id_returns_every_live_order_once_and_matches_the_count(
    api: requests.Session, bigcommerce: Sandbox
) -> None:
    seen: list[int] = []
    page = 1
    while True:
        response = api.get(store_url(bigcommerce, "v2/orders"), params={"page": page, "limit": 7})
        if response.status_code == 204:
            break
        seen.extend(order["id"] for order in response.json())
        page += 1
    assert seen == _live_ids(bigcommerce)
    assert api.get(store_url(bigcommerce, "v2/orders/count")).json()["count"] == len(seen)


def test_archived_orders_are_left_out_of_lists_but_readable_by_id(api: requests.Session, bigcommerce: Sandbox) -> None:
    archived = next(r.order_id for r in bigcommerce.state.records.orders.values() if r.archived)
    listed = api.get(store_url(bigcommerce, "v2/orders"), params={"limit": 250}).json()
    assert archived not in {order["id"] for order in listed}
    assert api.get(store_url(bigcommerce, f"v2/orders/{archived}")).json()["is_deleted"] is True


def test_unreadable_limit_is_400(api: requests.Session, bigcommerce: Sandbox) -> None:
    assert api.get(store_url(bigcommerce, "v2/orders"), params={"limit": "many"}).status_code == 400


def test_money_is_four_decimal_strings_and_dates_rfc_2822(api: requests.Session, bigcommerce: Sandbox) -> None:
    order = api.get(store_url(bigcommerce, "v2/orders"), params={"limit": 1}).json()[0]
    assert isinstance(order["total_inc_tax"], str) and len(order["total_inc_tax"].split(".")[1]) == 4
    assert order["date_modified"].endswith(" +0000") and order["date_modified"][3:5] == ", "
