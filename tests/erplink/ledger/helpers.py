"""Test helpers shared by the ledger and load tests."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

from erplink.ledger import Ledger, RecordKey

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)


class FakeClock:
    """A settable UTC clock, so lease expiry and time ranges are tested without sleeping."""

    def __init__(self, start: datetime = T0) -> None:
        self._now = start
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            return self._now

    def advance(self, delta: timedelta) -> datetime:
        with self._lock:
            self._now += delta
            return self._now


def key(source_id: str | int, *, tenant: str = "shop1", integration: str = "qad_woo", entity: str = "order") -> RecordKey:
    return RecordKey(tenant, integration, entity, str(source_id))


def seed(ledger: Ledger, count: int, **key_fields: str) -> list[RecordKey]:
    """``count`` pending orders with distinct payloads."""
    keys = [key(number, **key_fields) for number in range(1, count + 1)]
    for record_key in keys:
        ledger.upsert_source(record_key, payload={"id": int(record_key.source_id), "total": "10.00"}, source_modified=T0, run_id="extract")
    return keys
