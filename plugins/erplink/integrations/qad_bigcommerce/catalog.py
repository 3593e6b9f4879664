"""Catalog push: QAD items' prices and available stock → BigCommerce variants by SKU.

QAD's side reads and maps the tenant's catalog (``systems.qad.catalog_source``) into canonical offers; the store's
side compares them with its variants and sends what differs (``systems.bigcommerce.catalog_apply``).
"""

from __future__ import annotations

from collections.abc import Collection

from erplink.flows.catalog import CatalogSummary, push_offers
from erplink.flows.context import FlowContext
from erplink.systems.bigcommerce.catalog_apply import apply_catalog
from erplink.systems.qad.catalog_source import catalog_offers_of


def push_catalog(fc: FlowContext, *, full_resync: bool = False, skus: Collection[str] | None = None) -> CatalogSummary:
    """Push what differs; with ``skus``, those SKUs' values whether or not the store seems to hold them."""
    summary = CatalogSummary()
    return push_offers(fc, summary, catalog_offers_of(fc, summary), apply_catalog, erp_name="QAD",
                       full_resync=full_resync, skus=skus)  # fmt: skip
