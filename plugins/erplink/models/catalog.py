"""The ERP side of the catalog (items, prices, stock) and the store updates derived from it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Iterable
from decimal import ROUND_FLOOR, Decimal
from typing import Annotated

from pydantic import Field, NonNegativeInt, PositiveInt, StringConstraints

from erplink.models.base import CanonicalModel, Code, CurrencyCode, NonNegativeMoney, Text, UtcDateTime

Quantity = Annotated[Decimal, Field(allow_inf_nan=False, max_digits=18, decimal_places=6)]
"""A stock quantity in the item's unit of measure (ERPs allow fractions and, for on-hand, negatives)."""

StorePrice = Annotated[str, StringConstraints(pattern=r"^\d+\.\d{2}$")]
"""A price as a store takes it: a decimal string with two places, e.g. "12.50"."""


class Item(CanonicalModel):
    """An ERP item; its item number is the SKU in the store."""

    item_number: Code
    description: Text
    uom: Text | None = None
    active: bool
    product_line: Text | None = None
    modified_at: UtcDateTime | None = None


class Price(CanonicalModel):
    """One price-list entry for an item."""

    item_number: Code
    price: NonNegativeMoney
    currency: CurrencyCode
    effective_from: UtcDateTime | None = None
    modified_at: UtcDateTime | None = None


class StockLevel(CanonicalModel):
    """Inventory of one item at one (site, location)."""

    item_number: Code
    site: Code
    location: Code
    on_hand: Quantity
    allocated: Annotated[Quantity, Field(ge=0)]
    committed: Annotated[Quantity, Field(ge=0)]

    @property
    def unreserved(self) -> Decimal:
        return self.on_hand - self.allocated - self.committed


class Availability(CanonicalModel):
    """How many whole units of an item the store may sell."""

    item_number: Code
    available: NonNegativeInt

    @classmethod
    def from_levels(
        cls, item_number: str, levels: Iterable[StockLevel], locations: Collection[tuple[str, str]]
    ) -> Availability:
        """Available to sell = on hand − allocated − committed, summed over the configured (site, location)
        pairs, rounded down to whole units (a store cannot sell a fraction) and never below zero."""
        wanted = set(locations)
        unreserved = sum(
            (
                level.unreserved
                for level in levels
                if level.item_number == item_number and (level.site, level.location) in wanted
            ),
            Decimal("0"),
        )
        whole_units = int(unreserved.to_integral_value(rounding=ROUND_FLOOR))
        return cls(item_number=item_number, available=max(0, whole_units))


class ItemOffer(CanonicalModel):
    """What the ERP says the store should offer of one item: whether it is for sale, at what price, how many units.

    `price` None: the ERP has no current price for the item. `available` is 0 for an item not for sale.
    """

    item_number: Code
    description: Text
    active: bool
    price: StorePrice | None = None
    available: NonNegativeInt


class CatalogUpdate(CanonicalModel):
    """The ERP-owned fields of one store product or variation, as they should be.

    `regular_price` None leaves the store's price alone (the ERP has no price, or prices are not pushed);
    `stock_quantity` None leaves the store's stock and its stock management alone (stock is not pushed).
    """

    sku: Code
    product_id: PositiveInt
    parent_id: PositiveInt | None = None
    regular_price: StorePrice | None = None
    stock_quantity: NonNegativeInt | None
    manage_stock: bool = True

    @property
    def fingerprint(self) -> str:
        """A short stable digest of the pushed values: equal fingerprints mean nothing to push."""
        return catalog_fingerprint(
            self.regular_price, self.stock_quantity, self.manage_stock if self.stock_quantity is not None else None
        )


def catalog_fingerprint(regular_price: str | None, stock_quantity: int | None, manage_stock: bool | None) -> str:
    canonical = json.dumps([regular_price, stock_quantity, manage_stock], separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]
