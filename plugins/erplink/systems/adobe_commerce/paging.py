"""Adobe Commerce / Magento: searchCriteria pages bounded by total_count."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from erplink.paging.base import Fetch, LoopGuard, Record, json_body


class MissingTotalCountError(ValueError):
    """A page of records came without a usable ``total_count``: where the list ends is unknown.

    Guessing would be wrong either way: treating it as 0 stops after page 1 and silently drops the rest, and
    paging on until a short page cannot work because Magento answers a page past the end with the last page again.
    """

    def __init__(self, page_number: int, value: Any) -> None:
        found = "no total_count" if value is None else f"total_count {value!r}"
        super().__init__(
            f"MagentoPaginator: page {page_number} has records but {found}; cannot tell where the list ends "
            "(a proxy or extension may be reshaping the searchCriteria answer)"
        )
        self.page_number = page_number
        self.value = value


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
            body = (
                json_body(fetch({"searchCriteria[currentPage]": page, "searchCriteria[pageSize]": self.page_size}))
                or {}
            )
            records = body.get("items") or []
            if not records:
                return
            guard.check(records, page)
            # Read before the page is handed on: nothing acts on records of a list whose end is unknown.
            total_count = _total_count(body, page)
            yield records
            if page * self.page_size >= total_count:
                return
            page += 1


def _total_count(body: Any, page: int) -> int:
    value = body.get("total_count") if isinstance(body, dict) else None
    if isinstance(value, bool):
        raise MissingTotalCountError(page, value)
    if isinstance(value, int) and value >= 0:
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    raise MissingTotalCountError(page, value)
