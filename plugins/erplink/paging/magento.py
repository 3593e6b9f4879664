"""Adobe Commerce / Magento: searchCriteria pages bounded by total_count."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from erplink.paging.base import Fetch, LoopGuard, Record, json_body


@dataclass(frozen=True)
class MagentoPaginator:
    """searchCriteria[currentPage]/[pageSize]; stops once currentPage * pageSize reaches total_count.

    Magento clamps a currentPage past the end to the last page and returns that page again rather than
    an empty list, so "stop on an empty page" would never fire; total_count is the stop rule and the
    loop guard catches a total that grows without new records appearing.
    """

    page_size: int = 100
    id_field: str = "entity_id"

    def __post_init__(self) -> None:
        if self.page_size < 1:
            raise ValueError(f"Magento page size must be positive, got {self.page_size}")

    def pages(self, fetch: Fetch) -> Iterator[list[Record]]:
        guard = LoopGuard(type(self).__name__, self.id_field)
        page = 1
        while True:
            body = json_body(
                fetch({"searchCriteria[currentPage]": page, "searchCriteria[pageSize]": self.page_size})
            ) or {}
            records = body.get("items") or []
            if not records:
                return
            guard.check(records, page)
            yield records
            total_count = int(body.get("total_count") or 0)
            if page * self.page_size >= total_count:
                return
            page += 1
