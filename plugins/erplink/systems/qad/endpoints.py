"""Where a QAD instance keeps what erplink uses: entity paths, view URIs, browse ids and browse columns.

The defaults are what QAD's own documentation and code in the wild show; the ones nobody has shown (marked
*assumed* below, and in the sandbox README) are the first a site should check with Test Connection. Every one
can be overridden per connection, so a site whose QAD differs is configured, not patched.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

ENTITY_PATHS: dict[str, str] = {
    "salesOrderHeaders": "api/erp/salesOrderHeaders",
    "salesOrderLinesGrid": "api/erp/salesOrderLinesGrid",
    "salesOrderLineFieldChange": "api/erp/salesOrderLines/fieldChange",
    "customerV2s": "api/erp/customerV2s",
    "businessRelationV2s": "api/erp/businessRelationV2s",
    "items": "api/erp/items",
    "priceListV2s": "api/erp/priceListV2s",
    "creditMemos": "api/erp/creditMemos",  # assumed: no QAD REST credit memo has been seen
    "journalEntries": "api/erp/journalEntries",  # assumed: no QAD REST GL journal entry has been seen
}

VIEW_URIS: dict[str, str] = {
    "salesOrderHeaders": "urn:be:com.qad.sales.salesorder.ISalesOrderHeader",
    "customerV2s": "urn:be:com.qad.base.customer.ICustomerV2",
    "businessRelationV2s": "urn:be:com.qad.base.address.IBusinessRelationV2",
    "items": "urn:be:com.qad.base.item.IItem",
    "priceListV2s": "urn:be:com.qad.sales.pricing.IPriceListV2",
    "creditMemos": "urn:be:com.qad.sales.creditmemo.ICreditMemo",  # assumed
    "journalEntries": "urn:be:com.qad.financials.journalentry.IJournalEntry",  # assumed
}

BROWSE_IDS: dict[str, str] = {
    "items": "urn:browse:mfg:gp340",
    "customers": "urn:browse:mfg:cm007",
    "sales_orders": "urn:browse:mfg:so803",
    "price_lists": "urn:browse:bebrowse:com.qad.erp.sales.priceListV2s",
    "stock": "urn:browse:mfg:ic009",  # assumed
    "credit_memos": "urn:browse:bebrowse:com.qad.erp.sales.creditMemos",  # assumed
    "business_relations": "urn:browse:bebrowse:com.qad.erp.base.businessRelationV2s",  # assumed
    "journal_entries": "urn:browse:bebrowse:com.qad.erp.financials.journalEntries",  # assumed
}

BROWSE_COLUMNS: dict[str, str] = {
    "item.number": "pt_mstr.pt_part",
    "item.description": "pt_mstr.pt_desc1",
    "item.uom": "pt_mstr.pt_um",
    "item.status": "pt_mstr.pt_status",
    "item.product_line": "pt_mstr.pt_prod_line",
    "customer.code": "cm_mstr.cm_addr",
    "customer.email": "ad_mstr.ad_email",
    "customer.reference": "cm_mstr.cm__chr01",  # assumed: the user field a site keeps for it
    "sales_order.number": "so_mstr.so_nbr",
    "sales_order.customer_po": "so_mstr.so_po",
    "sales_order.status": "so_mstr.so_stat",
    "sales_order.modified": "so_mstr.so_mod_date",
    "stock.item": "ld_det.ld_part",
    "stock.site": "ld_det.ld_site",
    "stock.location": "ld_det.ld_loc",
    "stock.lot": "ld_det.ld_lot",
    "stock.on_hand": "ld_det.ld_qty_oh",
    "stock.allocated": "ld_det.ld_qty_all",  # assumed
    "stock.committed": "ld_det.ld_qty_com",  # assumed
    "price.list": "priceListV2.priceListCode",
    "price.item": "priceListV2.itemCode",
    "price.currency": "priceListV2.currencyCode",
    "price.amount": "priceListV2.listPrice",
    "price.start": "priceListV2.startDate",
    "credit_memo.number": "creditMemo.creditMemoNumber",  # assumed
    "credit_memo.reference": "creditMemo.reference",  # assumed
    "credit_memo.sales_order": "creditMemo.salesOrderNumber",  # assumed
    "credit_memo.currency": "creditMemo.currencyCode",  # assumed
    "credit_memo.amount": "creditMemo.amount",  # assumed
    "credit_memo.modified": "creditMemo.lastModifiedDate",  # assumed
    "business_relation.code": "businessRelationV2.businessRelationCode",  # assumed
    # The custom slot the customer's external reference is written to (customShort0): a business relation
    # left without its customer by an interrupted create is found by it and reused.
    "business_relation.reference": "businessRelationV2.customShort0",  # assumed
    "journal_entry.number": "journalEntry.journalEntryNumber",  # assumed
    # The custom slot a journal entry's external reference is written to: the field after the dot is the one the
    # journal entry record carries it in, so a site keeping it elsewhere changes this one column.
    "journal_entry.reference": "journalEntry.customShort0",  # assumed
    "journal_entry.posting_date": "journalEntry.postingDate",  # assumed
    "journal_entry.daybook": "journalEntry.daybookCode",  # assumed
    "journal_entry.currency": "journalEntry.currencyCode",  # assumed
}

BROWSE_KEYS: dict[str, tuple[str, ...]] = {
    # The columns that identify a row of each browse (names in BROWSE_COLUMNS), in the order a walk narrows by
    # them; a walk filtered on a leading one with ``eq`` starts after it.
    "items": ("item.number",),
    "customers": ("customer.code",),
    "sales_orders": ("sales_order.number",),
    "price_lists": ("price.list", "price.item", "price.currency", "price.start"),
    "stock": ("stock.site", "stock.item", "stock.location", "stock.lot"),
    "credit_memos": ("credit_memo.number",),
    "business_relations": ("business_relation.code",),
    "journal_entries": ("journal_entry.number",),
}


@dataclass(frozen=True)
class QadEndpoints:
    """The defaults with a connection's overrides on top; unknown keys are refused when the settings are read."""

    entity_paths: Mapping[str, str] = field(default_factory=lambda: dict(ENTITY_PATHS))
    view_uris: Mapping[str, str] = field(default_factory=lambda: dict(VIEW_URIS))
    browse_ids: Mapping[str, str] = field(default_factory=lambda: dict(BROWSE_IDS))
    browse_columns: Mapping[str, str] = field(default_factory=lambda: dict(BROWSE_COLUMNS))

    @classmethod
    def with_overrides(
        cls,
        *,
        entity_paths: Mapping[str, str] | None = None,
        view_uris: Mapping[str, str] | None = None,
        browse_ids: Mapping[str, str] | None = None,
        browse_columns: Mapping[str, str] | None = None,
    ) -> QadEndpoints:
        return cls(
            entity_paths={**ENTITY_PATHS, **(entity_paths or {})},
            view_uris={**VIEW_URIS, **(view_uris or {})},
            browse_ids={**BROWSE_IDS, **(browse_ids or {})},
            browse_columns={**BROWSE_COLUMNS, **(browse_columns or {})},
        )

    def column(self, name: str) -> str:
        return self.browse_columns[name]

    def key_columns(self, browse: str) -> tuple[str, ...]:
        """The columns that identify a row of ``browse``, as this instance names them."""
        return tuple(self.column(name) for name in BROWSE_KEYS[browse])
