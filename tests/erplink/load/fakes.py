"""A fake target system and adapter for the load protocol tests, with failure and crash injection."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from erplink.ledger import LedgerRecord


class SimulatedCrash(BaseException):
    """Stands for kill -9: a BaseException, so no ``except Exception`` in the code under test can handle it."""


@dataclass
class FakeTarget:
    """An in-memory ERP: documents carry the reference they were created with; ids are ``SO-<n>``."""

    documents: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)  # (id, reference, payload)
    calls: Counter[str] = field(default_factory=Counter)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def find(self, reference: str) -> str | None:
        with self._lock:
            self.calls["find"] += 1
            return next((doc_id for doc_id, ref, _ in self.documents if ref == reference), None)

    def create(self, reference: str, payload: dict[str, Any]) -> str:
        with self._lock:
            self.calls["create"] += 1
            doc_id = f"SO-{len(self.documents) + 1}"
            self.documents.append((doc_id, reference, payload))
            return doc_id

    def count(self, reference: str) -> int:
        return sum(1 for _, ref, _ in self.documents if ref == reference)


# A fault hook runs at a named point ("find", "create", "created", "update") for a source id; it may raise.
Fault = Callable[[str, str], None]


class FakeAdapter:
    """A TargetAdapter over FakeTarget. ``faults`` run before find / before create / after a create landed."""

    def __init__(self, target: FakeTarget, *, faults: list[Fault] | None = None, supports_update: bool = True) -> None:
        self.target = target
        self.faults = faults or []
        self.updates: list[tuple[str, dict[str, Any]]] = []
        self.vetted: list[str] = []
        self.supports_update = supports_update
        self._active = 0
        self.max_active = 0
        self._lock = threading.Lock()

    def reference(self, record: LedgerRecord) -> str:
        return f"WC-{record.key.tenant}-{record.key.source_id}"

    def vet(self, record: LedgerRecord) -> None:
        self.vetted.append(record.key.source_id)
        self._fault("vet", self.reference(record))

    def find(self, reference: str) -> str | None:
        self._fault("find", reference)
        return self.target.find(reference)

    def create(self, record: LedgerRecord, reference: str) -> str:
        with self._lock:
            self._active += 1
            self.max_active = max(self.max_active, self._active)
        try:
            self._fault("create", reference)
            doc_id = self.target.create(reference, record.payload)
            self._fault("created", reference)
            return doc_id
        finally:
            with self._lock:
                self._active -= 1

    def update(self, record: LedgerRecord, target_id: str) -> str | None:
        if not self.supports_update:
            raise NotImplementedError
        self._fault("update", target_id)
        self.updates.append((target_id, record.payload))
        return None

    def _fault(self, point: str, subject: str) -> None:
        for fault in self.faults:
            fault(point, subject)


def fail_once(point: str, reference: str, error: BaseException) -> Fault:
    """Raise ``error`` the first time ``point`` is reached for ``reference`` (a crash happens once)."""
    fired = threading.Event()

    def fault(at: str, subject: str) -> None:
        if at == point and subject == reference and not fired.is_set():
            fired.set()
            raise error

    return fault


def fail_always(point: str, reference: str, make_error: Callable[[], BaseException]) -> Fault:
    def fault(at: str, subject: str) -> None:
        if at == point and subject == reference:
            raise make_error()

    return fault
