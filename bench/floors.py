"""Figures against floors: ratios, latency floors and the issue's targets."""

from __future__ import annotations

from typing import Any

CALLS_TARGET = 1.05  # API calls ≤ 1.05 × floor
WALL_TARGET = 1.5  # wall time ≤ 1.5 × latency floor
RSS_TARGET = 1.5  # peak RSS at the largest size ≤ 1.5 × at the smallest
PARSE_TARGET_S = 0.050  # each DAG file parses in under 50 ms


def ratio(figure: float, floor: float) -> float | None:
    """figure ÷ floor; None when the floor is zero (then only a zero figure meets it)."""
    return figure / floor if floor else None


def latency_floor(phases: list[dict[str, Any]], latency_ms: int) -> float:
    """Seconds the requests alone must take: each phase's calls × latency ÷ the concurrency it is allowed."""
    return sum(sum(p["calls"].values()) * latency_ms / 1000 / p["concurrency"] for p in phases)


def calls_against(calls: dict[str, int], floor: dict[str, int]) -> tuple[int, int]:
    """(calls sent, floor) over every endpoint: endpoints without a floor count against a floor of zero."""
    return sum(calls.values()), sum(floor.values())
