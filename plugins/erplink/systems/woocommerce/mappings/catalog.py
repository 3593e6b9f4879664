"""The WooCommerce side of a catalog push: what the store holds now, what the ERP's offers change in it, and
the batches that change it.

The ERP owns the catalog's price and stock; the store owns everything else about a product. A push therefore
touches only `regular_price`, `stock_quantity` and `manage_stock` (each group only when the tenant pushes it),
and only where they differ. New products are created only when the tenant asks for it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple, TypeVar

from erplink.mappings.errors import MappingError
from erplink.mappings.json_fields import show
from erplink.models import CatalogUpdate, ItemOffer

T = TypeVar("T")

WOO_BATCH_LIMIT = 100
"""WooCommerce refuses batch requests with more than 100 items (413 woocommerce_rest_request_entity_too_large)."""

GONE_PRODUCT_CODES = frozenset(
    {
        # WC_REST_CRUD_Controller: an update of an id that is no longer a product / variation (HTTP 400).
        "woocommerce_rest_product_invalid_id",
        "woocommerce_rest_product_variation_invalid_id",
        # The same fact as other WooCommerce controllers word it.
        "woocommerce_rest_invalid_product_id",
    }
)
"""Batch item error codes that mean the product the index points at is gone from the store."""


class WooCatalogEntry(NamedTuple):
    """What the store holds for one SKU: the product (or variation and its parent) and its ERP-owned fields.

    A named tuple: `WooCatalogEntry(*row)` turns a plain (id, parent, price, stock, manage) row into one.
    `variable` marks a variable product's own SKU: the store sells its variations, which carry the price and
    stock, so the SKU is in the store (never missing, never to create) and nothing is pushed to it.
    """

    product_id: int
    parent_id: int | None
    regular_price: str | None
    stock_quantity: int | None
    manage_stock: bool
    variable: bool = False


def woo_catalog_index(
    products: Iterable[Mapping[str, Any]], variations: Mapping[int, Iterable[Mapping[str, Any]]]
) -> dict[str, WooCatalogEntry]:
    """SKU → entry for wc/v3 products and their variations (variations keyed by parent product id).

    A variable product's own SKU is indexed as `variable`: its price and stock live on the variations, but an
    ERP item of that SKU is sold in the store all the same. Products are read before variations, so a variation
    without a SKU of its own, which the API shows with its parent's, never takes the parent's place.
    Products without a SKU cannot be matched to an ERP item and are left out. WooCommerce keeps SKUs unique;
    should a store still hold a duplicate, the first product read keeps it.
    """
    index: dict[str, WooCatalogEntry] = {}
    for product in products:
        _add(index, product, parent_id=None, variable=product.get("type") == "variable")
    for parent_id, children in variations.items():
        for variation in children:
            _add(index, variation, parent_id=parent_id)
    return index


def woo_catalog_lookup(found: Iterable[Mapping[str, Any]]) -> dict[str, WooCatalogEntry]:
    """SKU → entry for documents a `GET products?sku=...` search returned.

    The search finds variations as well, shaped as products with `type` "variation" and their `parent_id`;
    variable products are indexed as `variable`, as in `woo_catalog_index`.
    """
    index: dict[str, WooCatalogEntry] = {}
    for document in found:
        kind = document.get("type")
        parent = document.get("parent_id") if kind == "variation" else None
        if kind == "variation" and (isinstance(parent, bool) or not isinstance(parent, int) or parent <= 0):
            raise MappingError(
                f"woocommerce variation with sku {show(document.get('sku'))}",
                f"parent_id: {show(parent)} is not a product id",
            )
        _add(index, document, parent_id=parent, variable=kind == "variable")
    return index


def _add(
    index: dict[str, WooCatalogEntry], document: Mapping[str, Any], *, parent_id: int | None, variable: bool = False
) -> None:
    sku = document.get("sku")
    if not isinstance(sku, str) or not sku.strip() or sku.strip() in index:
        return
    product_id = document.get("id")
    if isinstance(product_id, bool) or not isinstance(product_id, int) or product_id <= 0:
        raise MappingError(
            f"woocommerce product with sku {sku.strip()!r}", f"id: {show(product_id)} is not a product id"
        )
    stock = document.get("stock_quantity")
    price = document.get("regular_price")
    index[sku.strip()] = WooCatalogEntry(
        product_id=product_id,
        parent_id=parent_id,
        regular_price=price if isinstance(price, str) and price else None,
        stock_quantity=stock if isinstance(stock, int) and not isinstance(stock, bool) else None,
        # A variation may say "parent" here: its stock is then the parent's, not its own.
        manage_stock=document.get("manage_stock") is True,
        variable=variable,
    )


@dataclass(frozen=True)
class NewProduct:
    """A simple product to create in the store for an ERP item it does not sell yet."""

    sku: str
    name: str
    regular_price: str | None
    stock_quantity: int | None  # None: stock is not pushed, so the store does not manage it either

    def woo_create(self) -> dict[str, Any]:
        """The entry for the `create` list of a `POST products/batch` request."""
        body: dict[str, Any] = {"type": "simple", "sku": self.sku, "name": self.name}
        if self.regular_price is not None:
            body["regular_price"] = self.regular_price
        if self.stock_quantity is not None:
            body["manage_stock"] = True
            body["stock_quantity"] = self.stock_quantity
        return body

    def entry(self, product_id: int) -> WooCatalogEntry:
        """What the store holds for the SKU once WooCommerce created it as `product_id`."""
        return WooCatalogEntry(
            product_id, None, self.regular_price, self.stock_quantity, self.stock_quantity is not None
        )


def woo_update(update: CatalogUpdate) -> dict[str, Any]:
    """The entry for the `update` list of a WooCommerce products (or variations) batch request."""
    body: dict[str, Any] = {"id": update.product_id}
    if update.stock_quantity is not None:
        body["manage_stock"] = update.manage_stock
        body["stock_quantity"] = update.stock_quantity
    if update.regular_price is not None:
        body["regular_price"] = update.regular_price
    return body


@dataclass(frozen=True)
class CatalogBatch:
    """One WooCommerce batch request: products (`parent_id` None) or the variations of one parent."""

    parent_id: int | None
    updates: tuple[CatalogUpdate, ...]

    def body(self) -> dict[str, list[dict[str, Any]]]:
        """The JSON body for `POST products/batch` or `POST products/{parent_id}/variations/batch`."""
        return {"update": [woo_update(update) for update in self.updates]}


@dataclass(frozen=True)
class CatalogPlan:
    """What a catalog push will change in the store, and what it found that it cannot change."""

    product_updates: tuple[CatalogUpdate, ...] = ()
    variation_updates: Mapping[int, tuple[CatalogUpdate, ...]] = field(default_factory=dict)
    # Active ERP items with no store product of that SKU.
    missing_in_store: tuple[str, ...] = ()
    # Products to create for some of those, when the tenant has the push create them.
    product_creates: tuple[NewProduct, ...] = ()
    # ERP items whose SKU is a variable product's own: in the store, but priced and stocked by its variations.
    variable_in_store: tuple[str, ...] = ()
    # Store SKUs that are not ERP items, each listed once.
    unknown_to_erp: tuple[str, ...] = ()
    unchanged: int = 0

    @property
    def updates(self) -> tuple[CatalogUpdate, ...]:
        return self.product_updates + tuple(
            update for parent_id in sorted(self.variation_updates) for update in self.variation_updates[parent_id]
        )

    @property
    def fingerprints(self) -> dict[str, str]:
        """SKU → fingerprint of what this plan pushes: record these once the push succeeds."""
        return {update.sku: update.fingerprint for update in self.updates}

    def create_batches(self, max_items: int = WOO_BATCH_LIMIT) -> Iterator[tuple[NewProduct, ...]]:
        """The products to create, cut into `POST products/batch` requests of at most `max_items`."""
        yield from _slices(self.product_creates, max_items)

    def batches(self, max_items: int = WOO_BATCH_LIMIT) -> Iterator[CatalogBatch]:
        """The updates cut into requests of at most `max_items`, products first, then each parent's variations."""
        groups = [(None, self.product_updates)] + [
            (parent_id, self.variation_updates[parent_id]) for parent_id in sorted(self.variation_updates)
        ]
        for parent_id, updates in groups:
            for chunk in _slices(updates, max_items):
                yield CatalogBatch(parent_id=parent_id, updates=chunk)


def plan_store_updates(
    offers: Iterable[ItemOffer],
    woo_index: Mapping[str, WooCatalogEntry],
    *,
    previous_pushed: Mapping[str, str] | None = None,
    full_resync: bool = False,
    push_prices: bool = True,
    push_stock: bool = True,
    create_missing: bool = False,
) -> CatalogPlan:
    """Work out which store products and variations need new prices or stock to match the ERP's offers.

    For every offered item sold in the store, the wanted state is the offer's price and available stock, with
    stock management on. An item is pushed only when the wanted state differs both from what the store holds now
    and from what was last pushed (`previous_pushed`, SKU → `CatalogUpdate.fingerprint`). The second test keeps
    the push from undoing the store's own stock decrements between an order and the ERP seeing it: until the ERP's
    figure moves, there is nothing new to say. `full_resync` pushes every matched item regardless.

    An item whose SKU is a variable product's own (`WooCatalogEntry.variable`) is sold through the variations:
    it is neither pushed, nor missing, nor created; it is listed in `variable_in_store`.

    `push_prices` False leaves every store price alone, `push_stock` False every stock figure and stock
    setting. With `create_missing`, each active item without a store product gets a simple product to create:
    its SKU, its description as the name, its current price and (when stock is pushed) its stock. The price is
    set even when prices are not pushed, since a product without one cannot be sold; the store owns it after.
    """
    by_sku = {offer.item_number: offer for offer in offers}  # an item offered twice: the last offer counts
    pushed = previous_pushed or {}
    product_updates: list[CatalogUpdate] = []
    variation_updates: dict[int, list[CatalogUpdate]] = defaultdict(list)
    missing_in_store: list[str] = []
    variable_in_store: list[str] = []
    creates: list[NewProduct] = []
    unchanged = 0
    for sku in sorted(by_sku):
        offer = by_sku[sku]
        entry = woo_index.get(sku)
        if entry is None:
            if offer.active:
                missing_in_store.append(sku)
                if create_missing:
                    creates.append(
                        NewProduct(
                            sku=sku,
                            name=offer.description.strip() or sku,
                            regular_price=offer.price,
                            stock_quantity=offer.available if push_stock else None,
                        )
                    )
            continue
        if entry.variable:
            # Sold through its variations, which carry the price and stock: nothing to push to the parent itself.
            variable_in_store.append(sku)
            continue
        wanted = CatalogUpdate(
            sku=sku,
            product_id=entry.product_id,
            parent_id=entry.parent_id,
            regular_price=offer.price if push_prices else None,
            stock_quantity=offer.available if push_stock else None,
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
        unknown_to_erp=tuple(
            sorted(sku for sku, entry in woo_index.items() if sku not in by_sku and not entry.variable)
        ),
        unchanged=unchanged,
    )


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


def _slices(items: tuple[T, ...], max_items: int) -> Iterator[tuple[T, ...]]:
    """``items`` in order, at most ``max_items`` (1..WOO_BATCH_LIMIT) to a slice."""
    if not 1 <= max_items <= WOO_BATCH_LIMIT:
        raise ValueError(f"max_items must be between 1 and {WOO_BATCH_LIMIT}, not {max_items}")
    for start in range(0, len(items), max_items):
        yield items[start : start + max_items]
