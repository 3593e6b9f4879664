"""Figures against floors: ratios, latency floors and the issue's targets."""

from __future__ import annotations

from typing import Any

CALLS_TARGET = 1.05  # API calls ≤ 1.05 × floor
WALL_TARGET = 1.5  # wall time ≤ 1.5 × latency floor
RSS_TARGET = 1.5  # peak RSS at the largest size ≤ 1.5 × at the smallest
PARSE_TARGET_S = 0.050  # each DAG file parses in under 50 ms
TENANTS_PARSE_TARGET_S = 1.0  # with many tenants, each DAG file (tenants' and configuration check) under 1 s
STORE_WALL_TARGET = 1.2  # a full read of a store ≤ 1.2 × pages × page cost ÷ PHP workers


def ratio(figure: float, floor: float) -> float | None:
    """figure ÷ floor; None when the floor is zero (then only a zero figure meets it)."""
    return figure / floor if floor else None


def latency_floor(phases: list[dict[str, Any]], latency_ms: int) -> float:
    """Seconds the requests the run sent must take: each phase's calls × latency ÷ the concurrency it is allowed.

    A floor of the run's own making: every needless call raises it. ``floor_latency`` is the one to set beside it.
    """
    return sum(sum(p["calls"].values()) * latency_ms / 1000 / p["concurrency"] for p in phases)


def floor_latency(floor: dict[str, int], phases: list[dict[str, Any]], latency_ms: int) -> float:
    """Seconds the requests of a call floor must take, at the concurrency of the phases that send them.

    Each endpoint's floor calls are shared among the phases that sent that endpoint, in proportion to what each
    sent; an endpoint no phase sent counts at the highest concurrency, so the figure stays a lower bound.
    """
    highest = max((p["concurrency"] for p in phases), default=1)
    seconds = 0.0
    for endpoint, needed in floor.items():
        sent = [(p["calls"].get(endpoint, 0), p["concurrency"]) for p in phases]
        total = sum(n for n, _ in sent)
        if not total:
            seconds += needed / highest
            continue
        seconds += sum(needed * n / total / concurrency for n, concurrency in sent)
    return seconds * latency_ms / 1000


def calls_against(calls: dict[str, int], floor: dict[str, int]) -> tuple[int, int]:
    """(calls sent, floor) over every endpoint: endpoints without a floor count against a floor of zero."""
    return sum(calls.values()), sum(floor.values())
