"""The store's documents, keyed by id, and the id counters new documents take their ids from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Document = dict[str, Any]


@dataclass
class StoreRecords:
    orders: dict[int, Document] = field(default_factory=dict)
    invoices: dict[int, Document] = field(default_factory=dict)
    creditmemos: dict[int, Document] = field(default_factory=dict)
    customers: dict[int, Document] = field(default_factory=dict)
    companies: dict[int, Document] = field(default_factory=dict)
    products: dict[int, Document] = field(default_factory=dict)
    next_ids: dict[str, int] = field(default_factory=dict)
    line_rows: dict[int, dict[int, int]] = field(default_factory=dict)
    """Order id -> {WooCommerce line id of the shared world -> the item row carrying that line's amount}."""

    def take_id(self, kind: str) -> int:
        value = self.next_ids.get(kind, 1)
        self.next_ids[kind] = value + 1
        return value

    def order_items(self, order_id: int) -> list[Document]:
        items: list[Document] = self.orders[order_id]["items"]
        return items
