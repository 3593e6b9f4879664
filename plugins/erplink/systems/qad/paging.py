"""QAD's browse API (``{base}/api/qracore/browses``): its filters and its pages.

A page is asked for by ``page`` (1-based), ``pageSize`` and ``pageAction`` (``first``, then the value the
connection names for the pages after: QAD's is not confirmed); the answer says whether more follow in
``auxillaryData.HasMoreParams``, the text ``"true"`` or ``"false"``. The filter syntax is QAD's,
``<table.field>,<op>,<value>,literal``, commas separating its parts: a value holding a comma cannot be sent.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from erplink.paging.base import Fetch, LoopGuard, Record, check_page_size, json_body

BROWSE_MAX_PAGE_SIZE = 1000
FILTER_OPS = frozenset({"eq", "sw", "ew", "cn", "gt", "ge", "lt", "le"})


def browse_filter(field: str, op: str, value: object) -> str:
    """One ``filter`` parameter, e.g. ``so_mstr.so_po,eq,WC-shop-1042,literal``."""
    if op not in FILTER_OPS:
        raise ValueError(f"unknown browse operator {op!r}; one of {', '.join(sorted(FILTER_OPS))}")
    text = str(value)
    if "," in text:
        raise ValueError(f"a browse filter value cannot hold a comma: {text!r}")
    return f"{field},{op},{text},literal"


def has_more(body: object) -> bool:
    """``auxillaryData.HasMoreParams`` read as QAD writes it (text), a real boolean accepted too."""
    flag = (body.get("auxillaryData") or {}).get("HasMoreParams") if isinstance(body, dict) else None
    return flag is True or str(flag).strip().lower() == "true"


@dataclass(frozen=True)
class QadBrowsePaginator:
    """Walks a browse page by page until QAD says no more follow (or a page comes back empty)."""

    page_size: int = 200
    next_page_action: str = "next"
    id_field: str = "id"

    def __post_init__(self) -> None:
        check_page_size(self.page_size, BROWSE_MAX_PAGE_SIZE, "QAD browse")

    def pages(self, fetch: Fetch) -> Iterator[list[Record]]:
        guard = LoopGuard(type(self).__name__, self.id_field)
        page = 1
        while True:
            action = "first" if page == 1 else self.next_page_action
            body = json_body(fetch({"page": page, "pageSize": self.page_size, "pageAction": action})) or {}
            rows = body.get("data") or []
            if not rows:
                return
            guard.check(rows, page)
            yield rows
            if not has_more(body):
                return
            page += 1
