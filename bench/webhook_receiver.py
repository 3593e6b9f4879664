"""Webhook receiver scenario: runs bench/webhooks.py (the receiver on loopback) and reads its table back."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from bench.environment import REPO

# Rows of bench/webhooks.py's table this scenario reports, and the numbers they hold.
WANTED = {"acks per second": "acks_per_second", "latency p50 ms": "p50_ms", "latency p99 ms": "p99_ms",
          "acknowledged (200)": "acknowledged", "deliveries sent": "sent", "concurrency": "concurrency"}


def run(count: int, concurrency: int) -> dict[str, Any]:
    completed = subprocess.run(
        [sys.executable, str(REPO / "bench" / "webhooks.py"), "--count", str(count), "--concurrency", str(concurrency)],
        cwd=str(REPO), capture_output=True, text=True, check=True,
    )  # fmt: skip
    return {"scenario": "webhook receiver", **parse_table(completed.stdout)}


def parse_table(text: str) -> dict[str, float]:
    """``metric  value`` lines → the wanted figures (thousands separators dropped)."""
    figures: dict[str, float] = {}
    for line in text.splitlines():
        for label, name in WANTED.items():
            if line.startswith(label + " ") or line.startswith(label + "\t"):
                figures[name] = float(line[len(label):].strip().replace(",", ""))
    missing = set(WANTED.values()) - figures.keys()
    if missing:
        raise ValueError(f"bench/webhooks.py printed no {sorted(missing)}:\n{text}")
    return figures
