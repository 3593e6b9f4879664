"""QAD items, price-list prices and inventory → canonical catalog documents: what the store should offer.

QAD owns the catalog's price and stock; the store owns everything else about a product. Which store products
that changes is the store side's to work out from the canonical `ItemOffer`s.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from erplink.mappings.json_fields import DocumentReader
from erplink.models import Availability, Item, ItemOffer, Price, StockLevel
from erplink.systems.qad.mappings.text import money_text

_MAX_TEXT_LENGTH = 2000
_ITEM_STATUSES = {"ACTIVE": True, "INACTIVE": False}
_EARLIEST = datetime.min.replace(tzinfo=UTC)


def item_from_qad(row: Any) -> Item:
    """A row of `GET items` → `Item`."""
    item = _reader(row, "qad item")
    status = item.required_text("status").strip().upper()
    if status not in _ITEM_STATUSES:
        item.fail("status", f"{status!r} is neither ACTIVE nor INACTIVE")
    return item.build(
        Item,
        item_number=item.required_text("itemNumber"),
        description=item.text("description"),
        uom=item.optional_text("uom"),
        active=_ITEM_STATUSES[status],
        product_line=item.optional_text("productLine"),
        modified_at=_optional_datetime(item, "modifiedAt"),
    )


def price_from_qad(row: Any) -> Price:
    """A row of `GET price-lists/{priceList}/prices` → `Price`."""
    price = _reader(row, "qad price")
    return price.build(
        Price,
        item_number=price.required_text("itemNumber"),
        price=price.amount("price"),
        currency=price.required_text("currency").strip().upper(),
        effective_from=_optional_datetime(price, "effectiveFrom"),
        modified_at=_optional_datetime(price, "modifiedAt"),
    )


def stock_level_from_qad(row: Any) -> StockLevel:
    """A row of `GET inventory` → `StockLevel`."""
    level = _reader(row, "qad inventory")
    return level.build(
        StockLevel,
        item_number=level.required_text("itemNumber"),
        site=level.required_text("site"),
        location=level.required_text("location"),
        on_hand=level.amount("qtyOnHand"),
        allocated=level.amount("qtyAllocated"),
        committed=level.amount("qtyCommitted"),
    )


def catalog_offers(
    erp_items: Iterable[Item],
    prices: Iterable[Price],
    inventory: Iterable[StockLevel],
    *,
    locations: Collection[tuple[str, str]],
    currency: str | None = None,
    as_of: datetime | None = None,
) -> list[ItemOffer]:
    """What the store should offer of each ERP item, one offer per item, in the order given.

    The price is the item's current one: the price-list entry with the latest `effectiveFrom`, ignoring entries
    that start after `as_of` and, when `currency` is given, entries in other currencies. Stock is available to
    sell over `locations`, and 0 for inactive items, which must not be sold.
    """
    price_by_sku = _current_prices(prices, currency, as_of)
    levels_by_sku: dict[str, list[StockLevel]] = defaultdict(list)
    for level in inventory:
        levels_by_sku[level.item_number].append(level)
    offers = []
    for item in erp_items:
        sku = item.item_number
        price = price_by_sku.get(sku)
        available = Availability.from_levels(sku, levels_by_sku[sku], locations).available if item.active else 0
        offers.append(
            ItemOffer(
                item_number=sku,
                description=item.description,
                active=item.active,
                price=money_text(price) if price is not None else None,
                available=available,
            )
        )
    return offers


def _current_prices(prices: Iterable[Price], currency: str | None, as_of: datetime | None) -> dict[str, Decimal]:
    latest: dict[str, Price] = {}
    for price in prices:
        if currency is not None and price.currency != currency:
            continue
        if as_of is not None and price.effective_from is not None and price.effective_from > as_of:
            continue
        known = latest.get(price.item_number)
        if known is None or _price_order(price) >= _price_order(known):
            latest[price.item_number] = price
    return {sku: price.price for sku, price in latest.items()}


def _price_order(price: Price) -> tuple[datetime, datetime]:
    return (price.effective_from or _EARLIEST, price.modified_at or _EARLIEST)


def _reader(row: Any, kind: str) -> DocumentReader:
    number = row.get("itemNumber") if isinstance(row, Mapping) else None
    label = number if isinstance(number, str) and len(number) <= 60 else "(without a valid itemNumber)"
    return DocumentReader(row, record_key=f"{kind} {label}", max_text_length=_MAX_TEXT_LENGTH)


def _optional_datetime(reader: DocumentReader, field: str) -> datetime | None:
    return reader.utc_datetime(field) if reader.has(field) else None
