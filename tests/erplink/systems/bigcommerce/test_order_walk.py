"""The v2 orders walk reads every order that stays in the window exactly once, whatever order the store gives rows
with equal keys and however orders change between page requests."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from erplink.systems.bigcommerce.paging import BigCommerceIdWalk, page_at_offset
from erplink.windows import Window
from tests.erplink.systems.bigcommerce.fake_store import NOW, FakeBigCommerce, make_order

WINDOW = Window(None, NOW + timedelta(minutes=1))  # every seeded order; an edited order moves past its end


def tied_orders(count: int, seconds: int, seed: int) -> list[dict]:
    """``count`` orders piled on ``seconds`` modification seconds (heavy ties on date_modified)."""
    rng = random.Random(seed)
    stamps = [NOW - timedelta(minutes=30) + timedelta(seconds=rng.randrange(1800)) for _ in range(seconds)]
    return [make_order(order_id, rng.choice(stamps)) for order_id in range(100, 100 + count)]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10_000),
    count=st.integers(0, 300),
    seconds=st.integers(1, 5),
    limit=st.integers(20, 40),
    churn=st.integers(0, 3),
    readers=st.sampled_from([1, 2]),
    empty_as_204=st.booleans(),
)
def test_every_order_that_stays_in_the_window_is_read_exactly_once(
    seed, count, seconds, limit, churn, readers, empty_as_204
):
    store = FakeBigCommerce(tied_orders(count, seconds, seed), seed=seed, churn=churn, empty_as_204=empty_as_204)
    before = set(store.orders)
    with pytest.MonkeyPatch.context() as monkeypatch:
        read = [order["id"] for order in store.hook(monkeypatch).iter_orders(WINDOW, limit=limit, readers=readers)]
    stayed = before - store.touched
    assert stayed <= set(read), f"never read: {sorted(stayed - set(read))[:20]}"
    assert len(read) == len(set(read)), "an order was passed on twice"
    assert set(read) <= before | store.touched, "an order that never existed was read"


def test_the_orders_list_is_asked_in_id_order_with_the_window_as_rfc_2822_bounds(monkeypatch):
    store = FakeBigCommerce(tied_orders(5, 1, 0))
    window = Window(NOW - timedelta(hours=2), NOW + timedelta(minutes=1))
    assert sorted(o["id"] for o in store.hook(monkeypatch).iter_orders(window)) == sorted(store.orders)
    listed = store.api.calls("GET", "/v2/orders")[-1]
    assert listed.query["sort"] == "id:asc"
    assert int(listed.query["limit"]) <= 250
    assert listed.query["min_date_modified"] == "Thu, 15 Jan 2026 10:00:00 +0000"
    assert listed.query["max_date_modified"] == "Thu, 15 Jan 2026 12:01:00 +0000"


@pytest.mark.parametrize("empty_as_204", [True, False])
def test_an_empty_window_ends_the_walk_on_204_or_an_empty_list(monkeypatch, empty_as_204):
    store = FakeBigCommerce([], empty_as_204=empty_as_204)
    assert list(store.hook(monkeypatch).iter_orders(WINDOW)) == []
    assert len(store.api.calls("GET", "/v2/orders")) == 2  # the count, and one page


def test_orders_outside_the_window_are_not_passed_on(monkeypatch):
    store = FakeBigCommerce([make_order(1, NOW - timedelta(days=2)), make_order(2, NOW - timedelta(minutes=5))])
    window = Window(NOW - timedelta(hours=1), NOW)
    assert [o["id"] for o in store.hook(monkeypatch).iter_orders(window)] == [2]


@settings(max_examples=200, deadline=None)
@given(offset=st.integers(0, 10**7), maximum=st.integers(20, 250))
def test_the_page_for_an_offset_holds_it(offset, maximum):
    page, limit = page_at_offset(offset, maximum // 2, maximum)
    assert maximum // 2 <= limit <= maximum
    assert (page - 1) * limit <= offset < page * limit


def test_a_page_smaller_than_the_walk_can_overlap_is_refused():
    with pytest.raises(ValueError, match="at least 20"):
        BigCommerceIdWalk(limit=19)


def test_at_bigcommerce_sizes_the_page_for_an_offset_reaches_half_a_page_past_it():
    for offset in range(0, 200_000, 7):
        page, limit = page_at_offset(offset, 125, 250)
        assert page * limit - offset >= 125, offset
