"""Catalog rounds: what each round changes in QAD, and the floors of the store writes it must cause."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from types import SimpleNamespace

from bench.catalog_push import _restock, floors, round_name

LOCATIONS = [("10-100", "FG"), ("20-200", "FG")]


class _QadState:
    def __init__(self) -> None:
        self.balances: dict[tuple[str, str, str], dict[str, Decimal]] = {}

    def set_stock(self, item: str, site: str, location: str, **quantities: Decimal) -> None:
        self.balances[(item, site, location)] = quantities


def _available(state: _QadState) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for (item, _, _), q in state.balances.items():
        totals[item] += max(Decimal(0), q["on_hand"] - q["allocated"] - q["committed"])
    return dict(totals)


def test_each_restock_round_gives_every_chosen_sku_a_stock_no_earlier_round_gave_it():
    state = _QadState()
    running = SimpleNamespace(qad=SimpleNamespace(state=state))
    chosen = [f"SKU-{n}" for n in range(150)]
    _restock(running, chosen, LOCATIONS, round_number=4)
    first = _available(state)
    assert set(first) == set(chosen)
    assert {(item, site, location) for item, site, location in state.balances} == {
        (sku, *loc) for sku in chosen for loc in LOCATIONS}
    # The seed stocks at most 200 a balance: at or above 1,000 a balance, every chosen SKU's figure has moved.
    assert all(q["on_hand"] >= 1000 for q in state.balances.values())
    _restock(running, chosen, LOCATIONS, round_number=5)
    second = _available(state)
    assert all(second[sku] != first[sku] for sku in chosen)


def test_round_names_say_what_changed():
    assert round_name("price", 10) == "10% repriced"
    assert round_name("stock", 10) == "10% restocked"


def test_changed_variations_cost_one_batch_per_parent():
    index = {"S1": {"parent_id": None}, "S2": {"parent_id": None}, "V1": {"parent_id": 7}, "V2": {"parent_id": 7},
             "V3": {"parent_id": 9}}
    assert floors(list(index), index) == {"issue": 1, "protocol": 1 + 2}
