"""BigCommerce: v2 bare arrays paged until a short page, v3 envelopes with meta.pagination, and the v2 orders
list walked in id order so that no order is skipped (``BigCommerceIdWalk``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import requests

from erplink.paging.base import Fetch, LoopGuard, Record, check_page_size, json_body
from erplink.paging.coverage import CoveringWalk, OffsetPage
from erplink.paging.readers import AdaptiveReaders

BIGCOMMERCE_MAX_LIMIT = 250
# The id walk's smallest page. A page reaches past row ``o`` only if some limit from half the page size up to the
# page size does not end a page at ``o``; every limit does where ``o + 1`` is a multiple of all of them, which from
# 20 (limits 10 to 20) is past row 232 million: smaller pages could stall on a list of a few hundred orders.
ID_WALK_MIN_LIMIT = 20


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


def page_at_offset(offset: int, rows: int, maximum: int = BIGCOMMERCE_MAX_LIMIT) -> tuple[int, int]:
    """The ``(page, limit)`` whose page holds row ``offset`` and reaches furthest past it, limits ``rows..maximum``.

    ``page``/``limit`` can only ask for rows ``(page - 1) * limit`` onwards, so a page cannot start at any offset;
    but some limit puts a page boundary at or a little before it. At BigCommerce's sizes (``rows`` 125, limits up to
    250) the best page reaches at least ``rows`` rows past ``offset`` for every offset below two million; where a
    page falls short, the covering walk only reads more pages.
    """
    if offset < 0 or not 1 <= rows <= maximum:
        raise ValueError(f"no page for offset {offset} with {rows} to {maximum} rows")
    limit = max(range(rows, maximum + 1), key=lambda size: (size - offset % size, size))
    return offset // limit + 1, limit


@dataclass(frozen=True)
class BigCommerceIdWalk:
    """Reads a v2 list in id order so that every row present throughout the walk is read (``CoveringWalk``).

    Why not page through the list's own sort: BigCommerce defines no order among rows with equal sort keys (many
    orders share a ``date_modified`` second), and orders modified while the pages are read move in the list, so
    numbered pages over such a sort repeat some rows and never return others. Sorted by ``id:asc`` the list has no
    ties; the covering walk proves, from pages that overlap by a row, that no row was skipped. Its pages are asked
    for by offset, each turned into the ``page``/``limit`` that holds it (``page_at_offset``) and cut to start
    there. v2 lists carry no total, so ``count`` (the list's count endpoint) sizes the plan; without it the walk
    reads on page after page.
    """

    limit: int = BIGCOMMERCE_MAX_LIMIT  # the largest page asked for; the walk plans half of it per page
    readers: AdaptiveReaders = field(default_factory=lambda: AdaptiveReaders(1))
    count: Callable[[], int | None] = lambda: None
    label: str = "BigCommerce list"

    def __post_init__(self) -> None:
        check_page_size(self.limit, BIGCOMMERCE_MAX_LIMIT, "BigCommerce")
        if self.limit < ID_WALK_MIN_LIMIT:
            raise ValueError(f"the BigCommerce id walk needs pages of at least {ID_WALK_MIN_LIMIT} rows")

    @property
    def rows(self) -> int:
        return self.limit // 2

    def pages(self, fetch: Fetch) -> Iterator[list[Record]]:
        return CoveringWalk(self._page_reader(fetch), self.rows, self.readers, self.label).pages()

    def _page_reader(self, fetch: Fetch) -> Callable[[int], Callable[[], OffsetPage]]:
        def request(offset: int) -> Callable[[], OffsetPage]:
            total = self.count() if offset == 0 else None
            page, limit = page_at_offset(offset, self.rows, self.limit)
            response = fetch({"sort": "id:asc", "page": page, "limit": limit})
            return lambda: read(offset, (page - 1) * limit, limit, response, total)

        def read(offset: int, start: int, limit: int, response: requests.Response, total: int | None) -> OffsetPage:
            # An empty list comes as 204 with no body or as 200 [].
            records = json_body(response) or []
            if not isinstance(records, list):
                raise ValueError(f"{self.label}: the page at offset {offset} is not a JSON list")
            found = [record.get("id") if isinstance(record, dict) else None for record in records]
            ids = [i for i in found if isinstance(i, int) and not isinstance(i, bool)]
            if len(ids) != len(found):
                raise ValueError(
                    f"{self.label}: a row at offset {offset} has no integer id; the walk cannot prove what it read"
                )
            skip = offset - start  # the rows before the offset asked for
            return OffsetPage(offset, records[skip:], ids[skip:], len(records) >= limit, total)

        return request
