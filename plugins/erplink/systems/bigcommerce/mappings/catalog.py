"""ERP offers → the BigCommerce variant changes that bring the store in line: prices through the catalog, stock
through inventory adjustments, and only where the store's value differs.

Every product has at least one variant (its base variant, with the product's own SKU), so the variant list holds
every SKU the store sells; a variant's ``price`` is a JSON number (or null: the product's price applies) and its
``inventory_level`` a whole number (``product-variants_catalog.v3.yml``). Stock is set on the product for a base
variant (no ``option_values``: a product without options, whose stock BigCommerce tracks on the product) and on the
variant otherwise; an item named the other way is refused with 422 "tracked by product/variant" (``inventory.v3.yml``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from erplink.models import ItemOffer


@dataclass(frozen=True)
class StoreVariant:
    """What the push compares of one store variant."""

    variant_id: int
    sku: str
    price: Decimal | None
    inventory_level: int | None
    product_id: int | None = None
    base: bool = False  # the product's base variant (no options): its stock is the product's


# A change to send: the SKU it is for (to report a refusal against) and the body of the change.
Change = tuple[str, dict[str, Any]]


@dataclass
class VariantPlan:
    prices: list[Change] = field(default_factory=list)  # bodies for PUT /v3/catalog/variants
    stock: list[Change] = field(default_factory=list)  # items for PUT /v3/inventory/adjustments/absolute
    unchanged: int = 0
    missing_in_store: list[str] = field(default_factory=list)
    bad_store_rows: list[str] = field(default_factory=list)


def store_variants(rows: Iterable[Any]) -> tuple[dict[str, StoreVariant], list[str]]:
    """SKU → variant of the store's variant list, and a reason for each row that cannot be read (left out)."""
    index: dict[str, StoreVariant] = {}
    bad: list[str] = []
    for row in rows:
        if not isinstance(row, Mapping):
            bad.append(f"variant row {row!r:.40} is not an object")
            continue
        variant_id, sku = row.get("id"), row.get("sku")
        if isinstance(variant_id, bool) or not isinstance(variant_id, int) or variant_id < 1:
            bad.append(f"variant {variant_id!r:.40}: id is not a positive whole number")
            continue
        if not isinstance(sku, str) or not sku.strip():
            continue  # a variant without a SKU matches no ERP item
        try:
            product_id = row.get("product_id")
            index[sku.strip()] = StoreVariant(
                variant_id, sku.strip(), _price(row.get("price")), _level(row),
                product_id=product_id if isinstance(product_id, int) and not isinstance(product_id, bool) else None,
                base=not row.get("option_values"),
            )  # fmt: skip
        except ValueError as error:
            bad.append(f"variant {variant_id} ({sku.strip()}): {error}")
    return index, bad


def plan_variant_changes(
    offers: Sequence[ItemOffer],
    variants: Mapping[str, StoreVariant],
    *,
    location_id: int,
    push_prices: bool,
    push_stock: bool,
    resend: bool = False,
) -> VariantPlan:
    """The price and stock changes the offers ask of the store's variants; ``resend`` sends even equal values."""
    plan = VariantPlan()
    for offer in offers:
        variant = variants.get(offer.item_number)
        if variant is None:
            if offer.active:
                plan.missing_in_store.append(offer.item_number)
            continue
        changed = False
        if push_prices and offer.price is not None and (resend or variant.price != Decimal(offer.price)):
            plan.prices.append((variant.sku, {"id": variant.variant_id, "price": float(Decimal(offer.price))}))
            changed = True
        if push_stock and (resend or variant.inventory_level != offer.available):
            plan.stock.append(
                (variant.sku, {"location_id": location_id, **_stock_item(variant), "quantity": offer.available})
            )
            changed = True
        if not changed:
            plan.unchanged += 1
    return plan


def _stock_item(variant: StoreVariant) -> dict[str, int]:
    if variant.base and variant.product_id is not None:
        return {"product_id": variant.product_id}
    return {"variant_id": variant.variant_id}


def _price(value: Any) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValueError(f"price {value!r:.40} is not a number")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"price {value!r} is not a finite number")
    try:
        # A float's shortest text (12.5, not its binary expansion), rounded to the cents a store price has.
        return Decimal(repr(value) if isinstance(value, float) else str(value)).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise ValueError(f"price {value!r:.40} is not a number") from None


def _level(row: Mapping[str, Any]) -> int | None:
    value = row.get("inventory_level")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"inventory_level {value!r:.40} is not a whole number")
    return value
