"""QAD items, price-list prices and inventory → canonical catalog documents → WooCommerce updates.

QAD owns the catalog's price and stock; the store owns everything else about a product. A push therefore
touches only `regular_price`, `stock_quantity` and `manage_stock` (each group only when the tenant pushes it),
and only where they differ. New products are created only when the tenant asks for it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from erplink.mappings.json_fields import DocumentReader
from erplink.mappings.qad_text import money_text
from erplink.mappings.woocommerce_catalog import CatalogPlan, NewProduct, WooCatalogEntry
from erplink.models import Availability, CatalogUpdate, Item, Price, StockLevel

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
    """Work out which store products and variations need new prices or stock.

    For every ERP item sold in the store, the wanted state is: the item's current price (the price-list
    entry with the latest `effectiveFrom`, ignoring entries that start after `as_of` and, when `currency`
    is given, entries in other currencies), stock = available to sell over
    `locations` (0 for inactive items, which must not be sold), and stock management on.

    An item is pushed only when the wanted state differs both from what the store holds now and from what
    was last pushed (`previous_pushed`, SKU → `CatalogUpdate.fingerprint`). The second test keeps the push
    from undoing the store's own stock decrements between an order and the ERP seeing it: until the ERP's
    figure moves, there is nothing new to say. `full_resync` pushes every matched item regardless.

    An item whose SKU is a variable product's own (`WooCatalogEntry.variable`) is sold through the variations:
    it is neither pushed, nor missing, nor created; it is listed in `variable_in_store`.

    `push_prices` False leaves every store price alone, `push_stock` False every stock figure and stock
    setting. With `create_missing`, each active item without a store product gets a simple product to create:
    its SKU, its description as the name, its current price and (when stock is pushed) its stock. The price is
    set even when prices are not pushed, since a product without one cannot be sold; the store owns it after.
    """
    items = {item.item_number: item for item in erp_items}
    price_by_sku = _current_prices(prices, currency, as_of)
    levels_by_sku: dict[str, list[StockLevel]] = defaultdict(list)
    for level in inventory:
        levels_by_sku[level.item_number].append(level)
    pushed = previous_pushed or {}

    product_updates: list[CatalogUpdate] = []
    variation_updates: dict[int, list[CatalogUpdate]] = defaultdict(list)
    missing_in_store: list[str] = []
    variable_in_store: list[str] = []
    creates: list[NewProduct] = []
    unchanged = 0
    for sku in sorted(items):
        item = items[sku]
        entry = woo_index.get(sku)
        available = Availability.from_levels(sku, levels_by_sku[sku], locations).available if item.active else 0
        price = price_by_sku.get(sku)
        price_text = money_text(price) if price is not None else None
        if entry is None:
            if item.active:
                missing_in_store.append(sku)
                if create_missing:
                    creates.append(NewProduct(sku=sku, name=item.description.strip() or sku, regular_price=price_text,
                                              stock_quantity=available if push_stock else None))
            continue
        if entry.variable:
            # Sold through its variations, which carry the price and stock: nothing to push to the parent itself.
            variable_in_store.append(sku)
            continue
        wanted = CatalogUpdate(
            sku=sku,
            product_id=entry.product_id,
            parent_id=entry.parent_id,
            regular_price=price_text if push_prices else None,
            stock_quantity=available if push_stock else None,
            manage_stock=True,
        )
        if not full_resync and (_store_agrees(entry, wanted) or pushed.get(sku) == wanted.fingerprint):
            unchanged += 1
            continue
        if entry.parent_id is None:
            product_updates.append(wanted)
        else:
            variation_updates[entry.parent_id].append(wanted)

    return CatalogPlan(
        product_updates=tuple(product_updates),
        variation_updates={parent: tuple(updates) for parent, updates in variation_updates.items()},
        missing_in_store=tuple(missing_in_store),
        variable_in_store=tuple(variable_in_store),
        product_creates=tuple(creates),
        # A variable product's own SKU is a container, not something sold: the ERP need not know it.
        unknown_to_erp=tuple(sorted(sku for sku, entry in woo_index.items()
                                    if sku not in items and not entry.variable)),
        unchanged=unchanged,
    )


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


def _store_agrees(entry: WooCatalogEntry, wanted: CatalogUpdate) -> bool:
    return (
        wanted.stock_quantity is None
        or (entry.manage_stock == wanted.manage_stock and entry.stock_quantity == wanted.stock_quantity)
    ) and (wanted.regular_price is None or _same_amount(entry.regular_price, wanted.regular_price))


def _same_amount(store_text: str | None, wanted: str) -> bool:
    # The store may hold "12.5" where the ERP says "12.50": compare values, not text.
    if store_text is None:
        return False
    try:
        return Decimal(store_text) == Decimal(wanted)
    except InvalidOperation:
        return False


def _reader(row: Any, kind: str) -> DocumentReader:
    number = row.get("itemNumber") if isinstance(row, Mapping) else None
    label = number if isinstance(number, str) and len(number) <= 60 else "(without a valid itemNumber)"
    return DocumentReader(row, record_key=f"{kind} {label}", max_text_length=_MAX_TEXT_LENGTH)


def _optional_datetime(reader: DocumentReader, field: str) -> datetime | None:
    return reader.utc_datetime(field) if reader.has(field) else None
