"""Per-tenant delivery counters for the status endpoint (process-local; each API server worker keeps its own)."""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from enum import StrEnum


class Verdict(StrEnum):
    ACCEPTED = "accepted"
    DUPLICATE = "duplicate"
    PING = "ping"
    REJECTED = "rejected"
    MALFORMED = "malformed"
    TOO_LARGE = "too_large"
    UNKNOWN_TENANT = "unknown_tenant"
    NOT_CONSUMED = "not_consumed"  # a store system no integration drains: storing it would leave it pending forever
    UNCONFIGURED = "unconfigured"
    INBOX_ERROR = "inbox_error"


class DeliveryCounters:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: defaultdict[str, Counter[str]] = defaultdict(Counter)

    def count(self, system: str, tenant: str, verdict: Verdict) -> None:
        with self._lock:
            self._counts[f"{system}/{tenant}"][verdict.value] += 1

    def snapshot(self) -> dict[str, dict[str, int]]:
        with self._lock:
            return {key: dict(counts) for key, counts in self._counts.items()}
