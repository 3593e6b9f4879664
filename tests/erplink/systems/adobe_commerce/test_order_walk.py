"""The orders walk reads every order that stays in the window exactly once, whatever order the store gives rows with
equal keys, however orders change between page requests, and whatever page size the store really serves; it never
asks for a page by number, so Magento's clamping of a page past the end cannot repeat one."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from erplink.systems.adobe_commerce.id_walk import WalkNotProvable, walk_by_id
from erplink.systems.adobe_commerce.store_reads import orders_in_window
from erplink.windows import Watermark, Window
from tests.erplink.systems.adobe_commerce.fake_store import NOW, FakeAdobeCommerce, make_order

WINDOW = Window(None, NOW + timedelta(minutes=1))  # every seeded order; an edited order moves past its end


def tied_orders(count: int, seconds: int, seed: int) -> list[dict]:
    """``count`` orders piled on ``seconds`` update seconds (heavy ties on updated_at)."""
    rng = random.Random(seed)
    stamps = [NOW - timedelta(minutes=30) + timedelta(seconds=rng.randrange(1800)) for _ in range(seconds)]
    return [make_order(order_id, rng.choice(stamps)) for order_id in range(100, 100 + count)]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10_000),
    count=st.integers(0, 250),
    seconds=st.integers(1, 5),
    page_size=st.integers(10, 40),
    cap=st.one_of(st.none(), st.integers(5, 40)),
    churn=st.integers(0, 3),
)
def test_every_order_that_stays_in_the_window_is_read_exactly_once(seed, count, seconds, page_size, cap, churn):
    store = FakeAdobeCommerce(tied_orders(count, seconds, seed), seed=seed, churn=churn, page_size_cap=cap)
    before = set(store.orders)
    with pytest.MonkeyPatch.context() as monkeypatch:
        read = [order["entity_id"] for order in orders_in_window(store.hook(monkeypatch), WINDOW, page_size=page_size)]
    stayed = before - store.touched
    assert stayed <= set(read), f"never read: {sorted(stayed - set(read))[:20]}"
    assert len(read) == len(set(read)), "an order was passed on twice"
    assert set(read) <= before | store.touched, "an order that never existed was read"


def test_each_page_asks_for_the_orders_after_the_last_id_in_id_order_inside_the_window(monkeypatch):
    store = FakeAdobeCommerce(tied_orders(25, 1, 0))
    window = Window(NOW - timedelta(hours=2), NOW + timedelta(minutes=1))
    assert len(list(orders_in_window(store.hook(monkeypatch), window, page_size=10))) == 25
    pages = store.list_requests("orders")
    assert len(pages) == 3
    group = "searchCriteria[filter_groups][{}][filters][0][{}]"
    assert [p.query[group.format(0, "value")] for p in pages] == ["0", "109", "119"]
    first = pages[0].query
    assert (first[group.format(0, "field")], first[group.format(0, "condition_type")]) == ("entity_id", "gt")
    assert first["searchCriteria[sortOrders][0][field]"] == "entity_id"
    assert first["searchCriteria[sortOrders][0][direction]"] == "ASC"
    assert {p.query["searchCriteria[currentPage]"] for p in pages} == {"1"}
    assert (first[group.format(1, "field")], first[group.format(1, "value")]) == ("updated_at", "2026-01-15 10:00:00")
    assert (first[group.format(2, "condition_type")], first[group.format(2, "value")]) == ("lt", "2026-01-15 12:01:00")


def test_orders_the_watermark_already_took_at_its_second_are_not_passed_on(monkeypatch):
    stamp = NOW - timedelta(minutes=5)
    store = FakeAdobeCommerce([make_order(1, stamp), make_order(2, stamp), make_order(3, NOW - timedelta(minutes=1))])
    window = Window(stamp, NOW, boundary=Watermark(stamp, frozenset({"1"})))
    assert [o["entity_id"] for o in orders_in_window(store.hook(monkeypatch), window, page_size=10)] == [2, 3]


def test_a_store_that_ignores_the_id_filter_stops_the_walk_instead_of_reading_a_page_twice(monkeypatch):
    store = FakeAdobeCommerce([make_order(i, NOW - timedelta(minutes=5)) for i in range(1, 6)])
    hook = store.hook(monkeypatch)
    store.api.routes.insert(
        0, ("GET", __import__("re").compile(r"/rest/default/V1/orders$"),
            lambda seen: (200, {"items": [dict(store.orders[i]) for i in (1, 2)], "total_count": 5})),
    )  # fmt: skip
    with pytest.raises(WalkNotProvable, match="did not apply the id filter or sort"):
        list(walk_by_id(hook, "orders", {}, page_size=2))
