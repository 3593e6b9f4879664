"""The report sets each floor the targets name beside the floors the benchmark defines, and checks every target."""

from __future__ import annotations

import pytest

from bench.floors import floor_latency, latency_floor
from bench.report import render


def _targets(results: dict) -> dict[str, str]:
    """The Targets table: target → met ("yes", "**no**", "—")."""
    table = render({"started": "now", "latency_ms": 25, "cpus": 2, **results}).split("## Targets", 1)[1]
    rows = [line.split(" | ") for line in table.splitlines() if line.startswith("| ") and "---" not in line]
    return {row[0].lstrip("| "): row[1] for row in rows[1:]}


PHASES = [
    {"name": "extract", "seconds": 1.0, "concurrency": 1, "calls": {"woocommerce GET orders": 20}},
    {"name": "load orders", "seconds": 4.0, "concurrency": 4,
     "calls": {"qad GET sales-orders": 400, "qad POST sales-orders": 400}},
]


def test_the_latency_floor_of_a_call_floor_counts_each_endpoint_at_the_concurrency_that_sends_it():
    floor = {"woocommerce GET orders": 10, "qad POST sales-orders": 400, "qad POST customers": 40}
    # 10 pages one after another; 400 creates and 40 customers (sent by no phase) four at a time.
    assert floor_latency(floor, PHASES, 25) == pytest.approx((10 + 400 / 4 + 40 / 4) * 0.025)
    assert latency_floor(PHASES, 25) == pytest.approx((20 + 800 / 4) * 0.025)


def _order_run(seconds: float) -> dict:
    issue = {"woocommerce GET orders": 10, "qad POST sales-orders": 400}
    return {"orders": 1000, "latency_ms": 25, "seconds": seconds, "phases": PHASES, "peak_rss_mb": 100,
            "calls": {"woocommerce GET orders": 20, "qad GET sales-orders": 400, "qad POST sales-orders": 400},
            "outcome": {"orders_read": 1000}, "floors": {"issue": issue, "protocol": {**issue,
                                                                                      "qad GET sales-orders": 400}}}


def test_order_wall_time_is_checked_against_the_issue_floor_as_well_as_against_the_calls_sent():
    # Calls sent: 5.5 s at 25 ms; the issue's calls: 2.75 s. A wall of 6 s meets the first only.
    targets = _targets({"orders": [_order_run(6.0)]})
    assert targets["orders 1,000: wall ≤ 1.5× latency floor of the calls sent"] == "yes"
    assert targets["orders 1,000: wall ≤ 1.5× latency floor of the issue floor's calls"] == "**no**"


def _catalog(seconds: float) -> dict:
    calls = {"qad GET items": 100, "woocommerce POST products/batch": 2}
    return {"skus": 1000, "linked_skus": 900, "latency_ms": 25,
            "phases": [{"name": "nothing changed", "seconds": seconds, "concurrency": 1,
                        "calls": {"qad GET items": 100}},
                       {"name": "1% restocked", "seconds": seconds, "concurrency": 1, "calls": calls}],
            "changed_rounds": [{"name": "1% restocked", "change": "stock", "share": 1, "changed": 9,
                                "floors": {"issue": 1, "protocol": 2}}]}


def test_catalog_wall_time_is_checked_against_its_target_in_every_run():
    slow = _targets({"catalog": _catalog(seconds=10.0)})  # 100 calls at 25 ms: a 2.5 s floor
    assert slow["catalog nothing changed: wall ≤ 1.5× latency floor"] == "**no**"
    assert slow["catalog 1% restocked: wall ≤ 1.5× latency floor"] == "**no**"
    fast = _targets({"catalog": _catalog(seconds=3.0)})
    assert fast["catalog nothing changed: wall ≤ 1.5× latency floor"] == "yes"
    assert fast["catalog 1% restocked: store writes ≤ 1.05× per-parent floor"] == "yes"
    assert fast["catalog 1% restocked: store writes ≤ 1.05× ceil(changed/100)"] == "**no**"


def _store_read(seconds: float, distinct: int = 2000) -> dict:
    return {"orders": 2000, "php_workers": 2, "page_cost_ms": 100, "latency_ms": 0, "readers": 2,
            "seconds": seconds, "read": distinct, "distinct": distinct, "calls": {"woocommerce GET orders": 21},
            "world": {"orders": 2000, "trashed": 40},
            "floors": {"given": {"pages": 20, "seconds": 1.0}, "own": {"pages": 21, "seconds": 1.05}}}


def test_store_read_is_checked_against_the_given_floor_and_its_own():
    targets = _targets({"store_read": [_store_read(seconds=1.23)]})
    assert targets["store read 2,000: wall ≤ 1.2× given floor (pages × cost ÷ workers)"] == "**no**"
    assert targets["store read 2,000: wall ≤ 1.2× own floor (pages × cost ÷ workers)"] == "yes"
    assert targets["store read 2,000: calls ≤ 1.05× given pages"] == "yes"
    assert targets["store read 2,000: calls ≤ 1.05× own pages"] == "yes"
    assert targets["store read 2,000: every order read"] == "yes"


def test_a_store_read_that_misses_orders_is_reported():
    assert _targets({"store_read": [_store_read(seconds=1.0, distinct=1999)]})["store read 2,000: every order read"] \
        == "**no**"
