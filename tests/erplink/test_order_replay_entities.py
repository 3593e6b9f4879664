"""An orders integration's replayable entities load through the steps of its flows module: orders and refunds with
the chosen keys (calling the ERP), the write-back with its whole queue (calling the store)."""

from __future__ import annotations

import sys
from types import ModuleType
from typing import Any

import pytest

from erplink.integration import order_replay_entities

FLOWS = "tests_replay_flows_example"


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Any, Any]]:
    made: list[tuple[str, Any, Any]] = []
    flows = ModuleType(FLOWS)
    flows.load_orders = lambda fc, *, keys: made.append(("load_orders", fc, keys)) or {"step": "orders"}  # type: ignore[attr-defined]
    flows.load_refunds = lambda fc, *, keys: made.append(("load_refunds", fc, keys)) or {"step": "refunds"}  # type: ignore[attr-defined]
    flows.write_back = lambda fc: made.append(("write_back", fc, None)) or {"step": "markers"}  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, FLOWS, flows)
    return made


def test_each_entity_loads_through_its_step_of_the_flows_module(calls: list[tuple[str, Any, Any]]) -> None:
    entities = order_replay_entities(FLOWS, orders="the orders", refunds="the refunds", markers="the markers")

    assert entities["order"].load("fc", ["k1"]) == {"step": "orders"}
    assert entities["refund"].load("fc", ["k2"]) == {"step": "refunds"}
    assert entities["order_marker"].load("fc", ["k3"]) == {"step": "markers"}

    assert calls == [("load_orders", "fc", ["k1"]), ("load_refunds", "fc", ["k2"]), ("write_back", "fc", None)]


def test_each_entity_says_what_it_is_and_which_system_its_load_calls() -> None:
    entities = order_replay_entities(FLOWS, orders="the orders", refunds="the refunds", markers="the markers")

    assert {name: (e.description, e.calls) for name, e in entities.items()} == {
        "order": ("the orders", ("erp",)),
        "refund": ("the refunds", ("erp",)),
        "order_marker": ("the markers", ("store",)),
    }
