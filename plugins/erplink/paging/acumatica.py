"""Acumatica contract-based REST: $top/$skip over bare arrays without a total."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from erplink.paging.base import Fetch, LoopGuard, Record, json_body


@dataclass(frozen=True)
class AcumaticaPaginator:
    """Advances $skip by $top until fewer than $top records come back."""

    top: int = 100
    id_field: str = "id"

    def __post_init__(self) -> None:
        if self.top < 1:
            raise ValueError(f"Acumatica $top must be positive, got {self.top}")

    def pages(self, fetch: Fetch) -> Iterator[list[Record]]:
        guard = LoopGuard(type(self).__name__, self.id_field)
        skip = 0
        page = 1
        while True:
            records = json_body(fetch({"$top": self.top, "$skip": skip})) or []
            if not records:
                return
            guard.check(records, page)
            yield records
            if len(records) < self.top:
                return
            skip += len(records)
            page += 1
