"""WooCommerce: numbered pages bounded by the X-WP-TotalPages header."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from erplink.paging.base import Fetch, LoopGuard, Record, check_page_size, int_header, json_body

WOO_MAX_PER_PAGE = 100


@dataclass(frozen=True)
class WooPagesPaginator:
    """Requests page=1..N and stops after the last page the server announces, or on an empty page.

    The ``Link`` header is never followed: over OAuth 1.0a its URLs carry the previous request's
    signature and nonce, which the store refuses as replayed. ``X-WP-TotalPages`` is re-read on every
    page because the total moves when documents change while we page.
    """

    per_page: int = WOO_MAX_PER_PAGE
    id_field: str = "id"

    def __post_init__(self) -> None:
        check_page_size(self.per_page, WOO_MAX_PER_PAGE, "WooCommerce")

    def pages(self, fetch: Fetch) -> Iterator[list[Record]]:
        guard = LoopGuard(type(self).__name__, self.id_field)
        page = 1
        while True:
            response = fetch({"page": page, "per_page": self.per_page})
            records = json_body(response) or []
            if not records:
                return
            guard.check(records, page)
            yield records
            total_pages = int_header(response, "X-WP-TotalPages")
            # Without the header we cannot know the end; a short page is then the only safe stop.
            if total_pages is None:
                if len(records) < self.per_page:
                    return
            elif page >= total_pages:
                return
            page += 1
