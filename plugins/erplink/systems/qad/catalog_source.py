"""The QAD side of a catalog push: the tenant's items, price list and inventory, read and made canonical.

QAD is pull-only, so every push reads all three. A row QAD holds but the mapping refuses is left out and
reported (``bad_rows``), not allowed to stop the push.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from erplink.flows.catalog import CatalogSummary
from erplink.flows.context import FlowContext
from erplink.mappings.errors import MappingError
from erplink.models import Item, ItemOffer, Price, StockLevel
from erplink.systems.qad.config import qad_erp
from erplink.systems.qad.mappings.catalog import catalog_offers, item_from_qad, price_from_qad, stock_level_from_qad

T = TypeVar("T")


@dataclass
class QadCatalog:
    items: list[Item] = field(default_factory=list)
    prices: list[Price] = field(default_factory=list)
    levels: list[StockLevel] = field(default_factory=list)
    # The tenant's (site, location) pairs whose stock the store may sell.
    locations: list[tuple[str, str]] = field(default_factory=list)
    bad_rows: list[str] = field(default_factory=list)


def catalog_offers_of(fc: FlowContext, summary: CatalogSummary) -> list[ItemOffer]:
    """The tenant's QAD catalog as the store's offers, priced in the store's first currency; the rows QAD holds but
    the mapping refuses go to ``summary``."""
    qad = read_catalog(fc)
    summary.bad_erp_rows.extend(qad.bad_rows)
    summary.erp_items = len(qad.items)
    return catalog_offers(
        qad.items, qad.prices, qad.levels, locations=qad.locations, currency=fc.tenant.store.currencies[0]
    )


def read_catalog(fc: FlowContext) -> QadCatalog:
    """Items, then the tenant's price list, then the inventory of each site the tenant sells from."""
    erp_cfg = qad_erp(fc.tenant)
    catalog = QadCatalog(locations=[(loc.site, loc.location) for loc in erp_cfg.stock_locations])
    catalog.items = _mapped(fc.erp.iter("items"), item_from_qad, catalog.bad_rows)
    catalog.prices = _mapped(fc.erp.prices(erp_cfg.price_list), price_from_qad, catalog.bad_rows)
    for site in sorted({site for site, _ in catalog.locations}):
        catalog.levels.extend(_mapped(fc.erp.inventory(site), stock_level_from_qad, catalog.bad_rows))
    return catalog


def _mapped(rows: Iterable[Any], mapper: Callable[[Any], T], bad_rows: list[str]) -> list[T]:
    out = []
    for row in rows:
        try:
            out.append(mapper(row))
        except MappingError as exc:
            bad_rows.append(str(exc))
    return out
