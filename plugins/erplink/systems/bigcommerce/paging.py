"""BigCommerce: v2 bare arrays paged until a short page, v3 envelopes with meta.pagination."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from erplink.paging.base import Fetch, LoopGuard, Record, check_page_size, json_body

BIGCOMMERCE_MAX_LIMIT = 250


@dataclass(frozen=True)
class _BigCommercePagePaginator:
    """page/limit walk both API versions share; each version says where its records are and when to stop."""

    limit: int = BIGCOMMERCE_MAX_LIMIT
    id_field: str = "id"

    def __post_init__(self) -> None:
        check_page_size(self.limit, BIGCOMMERCE_MAX_LIMIT, "BigCommerce")

    def pages(self, fetch: Fetch) -> Iterator[list[Record]]:
        guard = LoopGuard(type(self).__name__, self.id_field)
        page: int | None = 1
        while page is not None:
            body = json_body(fetch({"page": page, "limit": self.limit}))
            records = self._records(body)
            if not records:
                return
            guard.check(records, page)
            yield records
            page = self._next_page(body, records, page)

    def _records(self, body: Any) -> Any:
        raise NotImplementedError

    def _next_page(self, body: Any, records: list[Record], page: int) -> int | None:
        """The page to fetch after ``page``, or None when ``page`` was the last."""
        raise NotImplementedError


@dataclass(frozen=True)
class BigCommerceV2Paginator(_BigCommercePagePaginator):
    """page/limit over v2 collections, which carry no total: stop on a short page, an empty one or 204."""

    def _records(self, body: Any) -> Any:
        return body or []

    def _next_page(self, body: Any, records: list[Record], page: int) -> int | None:
        return None if len(records) < self.limit else page + 1


@dataclass(frozen=True)
class BigCommerceV3Paginator(_BigCommercePagePaginator):
    """page/limit over v3 envelopes; meta.pagination.total_pages (re-read every page) bounds the walk."""

    def _records(self, body: Any) -> Any:
        return (body or {}).get("data") or []

    def _next_page(self, body: Any, records: list[Record], page: int) -> int | None:
        pagination = (body.get("meta") or {}).get("pagination") or {}
        current = int(pagination.get("current_page", page))
        total_pages = pagination.get("total_pages")
        if total_pages is None:
            return None if len(records) < self.limit else current + 1
        return None if current >= int(total_pages) else current + 1
