"""Catalog push: Acumatica stock item prices and available quantities → WooCommerce products and variations by SKU.

Acumatica's side reads what changed since the last push (``systems.acumatica.catalog_source``) as canonical
offers; the store's side pushes what differs (``systems.woocommerce.catalog_apply``). This module joins them and
moves Acumatica's marks only once the store took the push whole.
"""

from __future__ import annotations

from erplink.flows.catalog import CatalogSummary
from erplink.flows.context import FlowContext
from erplink.systems.acumatica.catalog_source import read_catalog, remember_marks
from erplink.systems.woocommerce.catalog_apply import apply_catalog


def push_catalog(fc: FlowContext, *, full_resync: bool = False) -> CatalogSummary:
    try:
        summary = CatalogSummary()
        acumatica = read_catalog(fc, full_resync=full_resync)
        summary.bad_erp_rows.extend(acumatica.bad_rows)
        summary.erp_items = len(acumatica.offers)
        apply_catalog(
            fc,
            acumatica.offers,
            summary,
            erp_name="Acumatica",
            full_resync=full_resync,
            offers_complete=acumatica.complete,
        )
        if not fc.dry_run and not summary.item_errors:
            remember_marks(fc, acumatica)
        return summary
    finally:
        fc.close()
