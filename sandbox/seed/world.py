"""The generated world: WooCommerce documents on the store side, items, stock and customers on the ERP side."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

SITES_AND_LOCATIONS: tuple[tuple[str, str], ...] = (("10-100", "FG"), ("10-100", "STAGE"), ("20-200", "FG"))
STORE_TIMEZONE = "America/New_York"
STORE_CURRENCY = "USD"


@dataclass(frozen=True)
class StockLevel:
    on_hand: Decimal
    allocated: Decimal
    committed: Decimal


@dataclass(frozen=True)
class ErpItem:
    item_number: str
    description: str
    price: Decimal
    currency: str
    stock: dict[tuple[str, str], StockLevel]


@dataclass
class World:
    """Documents exactly as wc/v3 returns them (without `_links`, which depend on the serving URL).

    The sandboxes treat these documents as read-only: they copy a document before changing it, so one world can
    seed several sandboxes and be used again after a reset.
    """

    seed: int
    now: datetime
    products: list[dict] = field(default_factory=list)
    variations: dict[int, list[dict]] = field(default_factory=dict)
    customers: list[dict] = field(default_factory=list)
    orders: list[dict] = field(default_factory=list)
    refunds: dict[int, list[dict]] = field(default_factory=dict)
    coupons: list[dict] = field(default_factory=list)
    erp_items: list[ErpItem] = field(default_factory=list)
    erp_customers: list[dict] = field(default_factory=list)
    missing_skus: set[str] = field(default_factory=set)
