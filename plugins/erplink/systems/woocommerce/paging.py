"""WooCommerce lists, walked in id order by overlapping offsets until every id is covered (see coverage.py).

Why not ``page=1..N`` on the list's own sort: on stores using order tables (HPOS, the default since
WooCommerce 8.2) ``orderby=modified`` and ``orderby=date`` sort by that column alone, and the database returns
rows that share a value in a different order for each page, so numbered pages over a sort with ties repeat some
rows and never return others. Ids are unique, so ``orderby=id`` has no ties; offsets let consecutive pages
overlap by one row, which is what proves nothing was skipped. The ``Link`` header is never followed: over
OAuth 1.0a its URLs carry the previous request's signature and nonce, which the store refuses as replayed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import requests

from erplink.paging.base import Fetch, Record, check_page_size, int_header, json_body
from erplink.paging.coverage import CoveringWalk, OffsetPage
from erplink.paging.readers import AdaptiveReaders

WOO_MAX_PER_PAGE = 100


@dataclass(frozen=True)
class WooIdWalk:
    """Pages ``orderby=id&order=asc`` by ``offset``; ``readers`` read the planned pages in parallel."""

    per_page: int = WOO_MAX_PER_PAGE
    readers: AdaptiveReaders = field(default_factory=lambda: AdaptiveReaders(1))
    label: str = "WooCommerce list"

    def __post_init__(self) -> None:
        check_page_size(self.per_page, WOO_MAX_PER_PAGE, "WooCommerce")

    def pages(self, fetch: Fetch) -> Iterator[list[Record]]:
        return CoveringWalk(self._page_reader(fetch), self.per_page, self.readers, self.label).pages()

    def _page_reader(self, fetch: Fetch) -> Callable[[int], Callable[[], OffsetPage]]:
        def request(offset: int) -> Callable[[], OffsetPage]:
            response = fetch({"orderby": "id", "order": "asc", "per_page": self.per_page, "offset": offset})
            return lambda: read(offset, response)

        def read(offset: int, response: requests.Response) -> OffsetPage:
            records = json_body(response) or []
            found = [record.get("id") if isinstance(record, dict) else None for record in records]
            ids = [i for i in found if isinstance(i, int) and not isinstance(i, bool)]
            if len(ids) != len(found):
                raise ValueError(
                    f"{self.label}: a row at offset {offset} has no integer id; the walk cannot prove what it read"
                )
            return OffsetPage(offset, records, ids, len(records) >= self.per_page, int_header(response, "X-WP-Total"))

        return request
