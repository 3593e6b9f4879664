"""The store's documents as the sandbox keeps them: dates as aware datetimes (rendered per API version on the
way out), everything else as the API prints it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sandbox.bigcommerce.dates import to_second


@dataclass
class OrderRecord:
    order_id: int
    created: datetime
    modified: datetime
    document: dict[str, Any]
    """The v2 order without its dates and sub-resource links."""
    products: list[dict[str, Any]]
    shipping_addresses: list[dict[str, Any]]
    coupons: list[dict[str, Any]]
    fees: list[dict[str, Any]] = field(default_factory=list)
    """Served inside the order only with `include=fees`, and at `/orders/{order_id}/fees` (fees.py)."""

    def __post_init__(self) -> None:
        self.created, self.modified = to_second(self.created), to_second(self.modified)

    @property
    def archived(self) -> bool:
        return bool(self.document.get("is_deleted"))


@dataclass
class ProductRecord:
    document: dict[str, Any]
    """The v3 product without dates or variants."""
    variant_ids: list[int]
    created: datetime
    modified: datetime


@dataclass
class StoreRecords:
    orders: dict[int, OrderRecord] = field(default_factory=dict)
    products: dict[int, ProductRecord] = field(default_factory=dict)
    variants: dict[int, dict[str, Any]] = field(default_factory=dict)
    refunds: list[dict[str, Any]] = field(default_factory=list)
    order_metafields: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    transactions: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    """By order id, in the order they happened (transactions.py)."""
    last_transaction_id: int = 0

    def add_order(self, record: OrderRecord) -> None:
        self.orders[record.order_id] = record

    def add_product(
        self, product: dict[str, Any], variants: list[dict[str, Any]], created: datetime, modified: datetime
    ) -> None:
        self.products[product["id"]] = ProductRecord(
            product, [v["id"] for v in variants], to_second(created), to_second(modified)
        )
        for variant in variants:
            self.variants[variant["id"]] = variant

    def variant_by_sku(self, sku: str) -> dict[str, Any] | None:
        return next((variant for variant in self.variants.values() if sku and variant["sku"] == sku), None)
