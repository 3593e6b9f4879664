"""Paginators: the page-walk machinery every system's paging module builds on, each streaming page by page with a
loop guard. A system's own paging style lives in its package (``erplink.systems.<system>.paging``)."""

from erplink.paging.base import Fetch, LoopGuard, PageParams, Paginator, RepeatedPageError
from erplink.paging.coverage import CoveringWalk, IncompleteWalkError, UnsortedPageError
from erplink.paging.readers import AdaptiveReaders

__all__ = [
    "AdaptiveReaders",
    "CoveringWalk",
    "Fetch",
    "IncompleteWalkError",
    "LoopGuard",
    "PageParams",
    "Paginator",
    "RepeatedPageError",
    "UnsortedPageError",
]
