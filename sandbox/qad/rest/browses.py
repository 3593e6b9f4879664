"""QAD's list API: `GET {base}/api/qracore/browses` and `GET {base}/api/qracore/browses/totalCount/`.

A browse answers flat rows keyed `<table>.<field>` (`pt_mstr.pt_part`) or, for a business-entity browse,
`<entity>.<field>` (`priceListV2.listPrice`), one page at a time:
`{"data": [...], "auxillaryData": {"HasMoreParams": "true" | "false"}}` (QAD's spelling, the value a string).
`page` is 1-based; `pageAction` is `first` on page 1 and, by the sandbox's assumption, `next` after it.
QAD documents no row order and nothing about paging while rows change: each request draws a new order of the
whole result (`tenant.browse_order`, `sandbox/qad/browse_order.py`), and page `n` is cut from the result as it
stands at that request.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Query

from sandbox.qad.records.tenant_scope import Tenant
from sandbox.qad.errors import REST_BASE, QadError
from sandbox.qad.rest.access import QadCaller
from sandbox.qad.rest.browse_filters import BrowseFilter
from sandbox.qad.rest.rows import (
    BUSINESS_RELATION_COLUMNS,
    CREDIT_MEMO_COLUMNS,
    CUSTOMER_COLUMNS,
    ITEM_COLUMNS,
    JOURNAL_ENTRY_COLUMNS,
    PRICE_COLUMNS,
    SALES_ORDER_COLUMNS,
    STOCK_COLUMNS,
    business_relation_row,
    credit_memo_row,
    customer_row,
    item_row,
    journal_entry_row,
    price_row,
    sales_order_row,
    stock_row,
)
from sandbox.qad.tenant import TenantStore

router = APIRouter(prefix=f"{REST_BASE}/api/qracore/browses", include_in_schema=False)

MAX_PAGE_SIZE = 1000
BROWSE_PREFIX = "urn:browse:"


@dataclass(frozen=True)
class Browse:
    rows: Callable[[TenantStore], Iterable[dict[str, Any]]]
    key: tuple[str, ...]
    columns: frozenset[str]


BROWSES: dict[str, Browse] = {
    "urn:browse:mfg:gp340": Browse(
        lambda t: map(item_row, t.items.values()), ("pt_mstr.pt_part",), ITEM_COLUMNS
    ),
    "urn:browse:mfg:cm007": Browse(
        lambda t: map(customer_row, t.customers.values()), ("cm_mstr.cm_addr",), CUSTOMER_COLUMNS
    ),
    "urn:browse:mfg:so803": Browse(
        lambda t: map(sales_order_row, t.sales_orders.values()), ("so_mstr.so_nbr",), SALES_ORDER_COLUMNS
    ),
    "urn:browse:mfg:ic009": Browse(
        lambda t: map(stock_row, t.inventory.values()), ("ld_det.ld_part", "ld_det.ld_site", "ld_det.ld_loc"),
        STOCK_COLUMNS,
    ),
    "urn:browse:bebrowse:com.qad.erp.sales.priceListV2s": Browse(
        lambda t: (price_row(t, code, price) for code, prices in t.price_lists.items() for price in prices.values()),
        ("priceListV2.priceListCode", "priceListV2.itemCode"),
        PRICE_COLUMNS,
    ),
    "urn:browse:bebrowse:com.qad.erp.sales.creditMemos": Browse(
        lambda t: map(credit_memo_row, t.credit_memos.values()), ("creditMemo.creditMemoNumber",), CREDIT_MEMO_COLUMNS
    ),
    "urn:browse:bebrowse:com.qad.erp.base.businessRelationV2s": Browse(
        lambda t: map(business_relation_row, t.business_relations.values()),
        ("businessRelationV2.businessRelationCode",),
        BUSINESS_RELATION_COLUMNS,
    ),
    "urn:browse:bebrowse:com.qad.erp.financials.journalEntries": Browse(
        lambda t: map(journal_entry_row, t.journal_entries.values()),
        ("journalEntry.journalEntryNumber",),
        JOURNAL_ENTRY_COLUMNS,
    ),
}
"""The browses the sandbox serves. The ids of stock (`ic009`), credit memos, business relations and journal
entries are not known: assumed."""


def _browse(browse_id: str) -> Browse:
    full = browse_id if browse_id.startswith(BROWSE_PREFIX) else BROWSE_PREFIX + browse_id
    browse = BROWSES.get(full)
    if browse is None:
        raise QadError(404, "NOT_FOUND", f"browse {browse_id} not found", [{"field": "browseId"}])
    return browse


def _selected(tenant: TenantStore, browse: Browse, filters: list[str]) -> list[dict[str, Any]]:
    parsed = [BrowseFilter.parse(text, browse.columns) for text in filters]
    rows = [row for row in browse.rows(tenant) if all(f.admits(row) for f in parsed)]
    rows.sort(key=lambda row: tuple(str(row.get(column) or "") for column in browse.key))
    return rows


@router.get("")
async def read_browse(
    tenant: Tenant,
    _: QadCaller,
    browse_id: Annotated[str, Query(alias="browseId")],
    page: Annotated[int, Query(ge=1)] = 1,
    page_size: Annotated[int, Query(alias="pageSize", ge=1, le=MAX_PAGE_SIZE)] = 50,
    page_action: Annotated[str, Query(alias="pageAction")] = "first",
    filters: Annotated[list[str] | None, Query(alias="filter")] = None,
    call_id: Annotated[str | None, Query(alias="callId")] = None,
) -> dict[str, Any]:
    expected = "first" if page == 1 else "next"
    if page_action != expected:
        raise QadError(
            400, "INVALID_PARAMETER", f"pageAction {page_action!r} with page {page}; expected {expected!r}",
            [{"field": "pageAction"}],
        )
    with tenant.lock:
        rows = tenant.browse_order.arrange(_selected(tenant, _browse(browse_id), filters or []))
    start = (page - 1) * page_size
    return {
        "data": rows[start : start + page_size],
        "auxillaryData": {"HasMoreParams": "true" if start + page_size < len(rows) else "false"},
    }


@router.get("/totalCount")
@router.get("/totalCount/")
async def count_browse(
    tenant: Tenant,
    _: QadCaller,
    browse_id: Annotated[str, Query(alias="browseId")],
    filters: Annotated[list[str] | None, Query(alias="filter")] = None,
) -> dict[str, Any]:
    with tenant.lock:
        return {"totalCount": len(_selected(tenant, _browse(browse_id), filters or []))}
