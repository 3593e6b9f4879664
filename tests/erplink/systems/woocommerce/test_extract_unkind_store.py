"""The orders extract against a store as unkind as a real one: it never loses or invents an order.

The sandbox store sorts ties in a new order on every request, and here its orders are piled on a few
modification seconds, and (the "churn" fault) orders are edited, placed, trashed, taken out of the trash and
deleted between page requests. Worlds are drawn by hypothesis; a failing example names its seeds, which replay it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from erplink.windows import Watermark, Window, WindowPolicy, window_for_run
from tests.erplink.systems.woocommerce.unkind_store import (
    NOW,
    Shop,
    ledger_context,
    ledger_orders,
    pile_on_seconds,
    read_ids,
    run_extract,
    tied_world,
)
from sandbox.seed import generate_world

WINDOW = Window(None, NOW + timedelta(minutes=1))  # every seeded order; a churned order moves past its end
EXAMPLES = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@EXAMPLES
@given(seed=st.integers(0, 10_000), orders=st.integers(10, 160), seconds=st.integers(1, 6),
       per_page=st.integers(5, 30), churn=st.integers(0, 3), readers=st.sampled_from([1, 2]),
       tie_seed=st.integers(0, 10_000))
def test_every_order_that_stays_in_the_window_is_read_once(seed, orders, seconds, per_page, churn, readers,
                                                             tie_seed):
    shop = Shop(tied_world(seed=seed, orders=orders, seconds=seconds), tie_seed=tie_seed)
    before = set(shop.order_statuses())
    shop.churn(churn, seed)
    with pytest.MonkeyPatch.context() as monkeypatch:
        hook = shop.hook(monkeypatch, readers=readers)
        read = read_ids(lambda: hook.iter_orders_with_trash(WINDOW, per_page=per_page))
    stayed = before - shop.touched()
    assert stayed <= set(read), f"never read: {sorted(stayed - set(read))[:20]}"
    untouched_reads = [order_id for order_id in read if order_id in stayed]
    assert len(untouched_reads) == len(set(untouched_reads)), "an unchanged order was read twice"
    assert set(read) <= before | shop.touched(), "an order that never existed was read"


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), orders=st.integers(20, 120), seconds=st.integers(1, 4),
       churn=st.integers(1, 3), tie_seed=st.integers(0, 10_000))
def test_after_the_churn_stops_the_next_run_leaves_the_ledger_agreeing_with_the_store(seed, orders, seconds, churn,
                                                                                        tie_seed):
    shop = Shop(tied_world(seed=seed, orders=orders, seconds=seconds), tie_seed=tie_seed)
    shop.churn(churn, seed)
    with pytest.MonkeyPatch.context() as monkeypatch:
        hook = shop.hook(monkeypatch)
        with ledger_context(hook) as fc:
            first = run_extract(fc, WINDOW)
            shop.churn(0, 0)
            policy = WindowPolicy(overlap=timedelta(minutes=2), lag=timedelta(0), clock_skew=timedelta(0))
            later = window_for_run(now=shop.now + timedelta(minutes=5), policy=policy,
                                   previous=Watermark.from_dict(first.watermark))
            run_extract(fc, later, Watermark.from_dict(first.watermark))
            ledger = ledger_orders(fc)
    store = shop.order_statuses()
    missing = set(store) - set(ledger)
    assert not missing, f"orders in the store but never read: {sorted(missing)[:20]}"
    stale = {i: (ledger[i]["status"], status) for i, status in store.items() if ledger[i]["status"] != status}
    assert not stale, f"ledger holds an old version (ledger, store): {dict(list(stale.items())[:10])}"
    deleted = set(ledger) - set(store)
    assert deleted <= shop.touched(), "the ledger holds an order the store never had"


def old_walk_by_modified(hook, per_page: int = 100) -> list[int]:
    """The walk erplink used to make: numbered pages of orderby=modified, newest first (kept as a reference)."""
    ids, page = [], 1
    while True:
        response = hook.client.request("GET", "orders", params={"orderby": "modified", "order": "desc",
                                                                "page": page, "per_page": per_page})
        ids.extend(order["id"] for order in response.json())
        if page >= int(response.headers["X-WP-TotalPages"]):
            return ids
        page += 1


def test_two_thousand_orders_on_35_seconds_the_old_walk_misses_orders_and_the_new_one_none(monkeypatch):
    """The real store's case: 2,000 orders sharing 35 modification seconds, ties in a new order on every page."""
    world = pile_on_seconds(generate_world(seed=13, orders=2000, skus=40, now=NOW), seconds=35, seed=13)
    shop = Shop(world, tie_seed=13)
    live = {i for i, status in shop.order_statuses().items() if status != "trash"}
    hook = shop.hook(monkeypatch, readers=2)
    old = set(old_walk_by_modified(hook))
    assert len(live - old) > 20, f"the reference walk missed only {len(live - old)} of {len(live)}"
    new = read_ids(lambda: hook.iter_orders(WINDOW))
    assert set(new) == live and len(new) == len(live)


def test_reading_the_same_orders_through_another_host_name_changes_nothing(monkeypatch):
    """payment_url follows the request's host; fields the store derives per request are not the order."""
    shop = Shop(tied_world(seed=5, orders=40, seconds=3), tie_seed=5)
    with monkeypatch.context() as first_host:
        hook = shop.hook(first_host)
        with ledger_context(hook) as fc:
            assert run_extract(fc, WINDOW).orders_new == 40
            with monkeypatch.context() as other_host:
                other = replace(fc, store_hook=shop.hook(other_host, host="https://www.shop.example.com"))
                assert other.store.get_order(37)["payment_url"] != fc.store.get_order(37)["payment_url"]
                again = run_extract(other, WINDOW)
    assert again.orders_read == 40 and again.orders_changed == 0
