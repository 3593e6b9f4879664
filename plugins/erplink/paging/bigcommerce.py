"""BigCommerce: v2 bare arrays paged until a short page, v3 envelopes with meta.pagination."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from erplink.paging.base import Fetch, LoopGuard, Record, check_page_size, json_body

BIGCOMMERCE_MAX_LIMIT = 250


@dataclass(frozen=True)
class BigCommerceV2Paginator:
    """page/limit over v2 collections, which carry no total: stop on a short page, an empty one or 204."""

    limit: int = BIGCOMMERCE_MAX_LIMIT
    id_field: str = "id"

    def __post_init__(self) -> None:
        check_page_size(self.limit, BIGCOMMERCE_MAX_LIMIT, "BigCommerce")

    def pages(self, fetch: Fetch) -> Iterator[list[Record]]:
        guard = LoopGuard(type(self).__name__, self.id_field)
        page = 1
        while True:
            response = fetch({"page": page, "limit": self.limit})
            records = json_body(response) or []
            if not records:
                return
            guard.check(records, page)
            yield records
            if len(records) < self.limit:
                return
            page += 1


@dataclass(frozen=True)
class BigCommerceV3Paginator:
    """page/limit over v3 envelopes; meta.pagination.total_pages (re-read every page) bounds the walk."""

    limit: int = BIGCOMMERCE_MAX_LIMIT
    id_field: str = "id"

    def __post_init__(self) -> None:
        check_page_size(self.limit, BIGCOMMERCE_MAX_LIMIT, "BigCommerce")

    def pages(self, fetch: Fetch) -> Iterator[list[Record]]:
        guard = LoopGuard(type(self).__name__, self.id_field)
        page = 1
        while True:
            body = json_body(fetch({"page": page, "limit": self.limit})) or {}
            records = body.get("data") or []
            if not records:
                return
            guard.check(records, page)
            yield records
            pagination = (body.get("meta") or {}).get("pagination") or {}
            current = int(pagination.get("current_page", page))
            total_pages = pagination.get("total_pages")
            if total_pages is None:
                if len(records) < self.limit:
                    return
            elif current >= int(total_pages):
                return
            page = current + 1
