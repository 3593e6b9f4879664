"""QAD (stand-in contract): offset/limit envelopes with pagination.total."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from erplink.paging.base import Fetch, LoopGuard, Record, check_page_size, json_body

QAD_MAX_LIMIT = 500


@dataclass(frozen=True)
class QadOffsetPaginator:
    """Advances offset by the records received; stops at pagination.total or on a short page."""

    limit: int = 100
    id_field: str = "id"

    def __post_init__(self) -> None:
        check_page_size(self.limit, QAD_MAX_LIMIT, "QAD")

    def pages(self, fetch: Fetch) -> Iterator[list[Record]]:
        guard = LoopGuard(type(self).__name__, self.id_field)
        offset = 0
        page = 1
        while True:
            body = json_body(fetch({"offset": offset, "limit": self.limit})) or {}
            records = body.get("data") or []
            if not records:
                return
            guard.check(records, page)
            yield records
            offset += len(records)
            total = (body.get("pagination") or {}).get("total")
            if len(records) < self.limit or (total is not None and offset >= int(total)):
                return
            page += 1
