"""Catalog push: QAD items, prices and available stock → WooCommerce products and variations by SKU.

QAD's side reads and maps the tenant's catalog (``systems.qad.catalog_source``) into canonical offers; the store's
side keeps its SKU index and pushes what differs (``systems.woocommerce.catalog_apply``). This module joins them.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from datetime import datetime

from erplink.flows.catalog import CatalogSummary, StockRow, push_offers, stock_rows
from erplink.flows.context import FlowContext
from erplink.models import Item, Price, StockLevel
from erplink.systems.qad.catalog_source import catalog_offers_of
from erplink.systems.qad.mappings.catalog import catalog_offers
from erplink.systems.woocommerce.catalog_apply import CATALOG_SKU, apply_catalog, known_store_stock, read_store_index
from erplink.systems.woocommerce.mappings.catalog import CatalogPlan, WooCatalogEntry, plan_store_updates

__all__ = [
    "CATALOG_SKU",
    "CatalogSummary",
    "catalog_stock",
    "plan_catalog_updates",
    "push_catalog",
    "read_store_index",
]


def push_catalog(fc: FlowContext, *, full_resync: bool = False, skus: Collection[str] | None = None) -> CatalogSummary:
    """Push what changed; with ``skus``, push those SKUs only, whether or not they seem changed."""
    summary = CatalogSummary()
    return push_offers(fc, summary, catalog_offers_of(fc, summary), apply_catalog, erp_name="QAD",
                       full_resync=full_resync, skus=skus)  # fmt: skip


def catalog_stock(fc: FlowContext) -> list[StockRow]:
    """QAD's active items with their available stock, and the store's quantity the ledger's SKU index knows."""
    try:
        return stock_rows(catalog_offers_of(fc, CatalogSummary()), known_store_stock(fc), ledger_entity=CATALOG_SKU)
    finally:
        fc.close()


def plan_catalog_updates(
    erp_items: Iterable[Item],
    prices: Iterable[Price],
    inventory: Iterable[StockLevel],
    woo_index: Mapping[str, WooCatalogEntry],
    *,
    locations: Collection[tuple[str, str]],
    previous_pushed: Mapping[str, str] | None = None,
    full_resync: bool = False,
    currency: str | None = None,
    as_of: datetime | None = None,
    push_prices: bool = True,
    push_stock: bool = True,
    create_missing: bool = False,
) -> CatalogPlan:
    """The store changes QAD's items, prices and inventory ask for, in one call (see ``catalog_offers`` for what
    the store should offer and ``plan_store_updates`` for what that changes in the store)."""
    offers = catalog_offers(erp_items, prices, inventory, locations=locations, currency=currency, as_of=as_of)
    return plan_store_updates(
        offers,
        woo_index,
        previous_pushed=previous_pushed,
        full_resync=full_resync,
        push_prices=push_prices,
        push_stock=push_stock,
        create_missing=create_missing,
    )
