"""Paginators: one small class per API's paging style, each streaming page by page with a loop guard."""

from erplink.paging.acumatica import AcumaticaPaginator
from erplink.paging.base import Fetch, LoopGuard, PageParams, Paginator, RepeatedPageError
from erplink.paging.bigcommerce import BigCommerceV2Paginator, BigCommerceV3Paginator
from erplink.paging.magento import MagentoPaginator
from erplink.paging.qad import QadOffsetPaginator
from erplink.paging.coverage import CoveringWalk, IncompleteWalkError, UnsortedPageError
from erplink.paging.readers import AdaptiveReaders
from erplink.paging.woocommerce import WooIdWalk

__all__ = [
    "AdaptiveReaders",
    "CoveringWalk",
    "IncompleteWalkError",
    "UnsortedPageError",
    "AcumaticaPaginator",
    "BigCommerceV2Paginator",
    "BigCommerceV3Paginator",
    "Fetch",
    "LoopGuard",
    "MagentoPaginator",
    "PageParams",
    "Paginator",
    "QadOffsetPaginator",
    "RepeatedPageError",
    "WooIdWalk",
]
