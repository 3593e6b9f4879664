"""Catalog push: Acumatica stock item prices and available quantities → WooCommerce products and variations by SKU.

Acumatica's side reads what changed since the last push (``systems.acumatica.catalog_source``) as canonical
offers; the store's side pushes what differs (``systems.woocommerce.catalog_apply``). This module joins them and
moves Acumatica's marks only once the store took the push whole.
"""

from __future__ import annotations

from collections.abc import Collection

from erplink.flows.catalog import CatalogSummary, StockRow, chosen_offers, stock_rows
from erplink.flows.context import FlowContext
from erplink.systems.acumatica.catalog_source import read_catalog, remember_marks
from erplink.systems.woocommerce.catalog_apply import CATALOG_SKU, apply_catalog, known_store_stock


def push_catalog(fc: FlowContext, *, full_resync: bool = False, skus: Collection[str] | None = None) -> CatalogSummary:
    """Push what changed since the marks; with ``skus``, push those SKUs only (read whole, whether or not they
    changed), leaving the marks where they are: the items changed since them still wait for the next push."""
    try:
        summary = CatalogSummary()
        acumatica = read_catalog(fc, full_resync=full_resync or bool(skus))
        summary.bad_erp_rows.extend(acumatica.bad_rows)
        summary.erp_items = len(acumatica.offers)
        offers = chosen_offers(acumatica.offers, skus, summary) if skus else acumatica.offers
        apply_catalog(
            fc,
            offers,
            summary,
            erp_name="Acumatica",
            full_resync=full_resync,
            offers_complete=acumatica.complete and not skus,
            resend=bool(skus),
        )
        if not fc.dry_run and not summary.item_errors and not skus:
            remember_marks(fc, acumatica)
        return summary
    finally:
        fc.close()


def catalog_stock(fc: FlowContext) -> list[StockRow]:
    """Acumatica's active stock items with their available quantity (every item read, the marks left alone), and
    the store's quantity the ledger's SKU index knows."""
    try:
        return stock_rows(read_catalog(fc, full_resync=True).offers, known_store_stock(fc), ledger_entity=CATALOG_SKU)
    finally:
        fc.close()
