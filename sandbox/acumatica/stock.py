"""Item quantities per warehouse (Acumatica's `INSiteStatus`), kept apart from the stock item record.

A quantity change stamps its own row, not the item: `StockItem.LastModifiedDateTime` does not move when stock
does, so a client that watches stock items for stock changes never sees them. `InventoryQuantityAvailable`
reads these rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sandbox.acumatica.records import normal_key

WAREHOUSES = ("WH1", "WH2", "RETURNS")


@dataclass
class StockLevel:
    inventory_id: str
    warehouse_id: str
    on_hand: Decimal
    allocated: Decimal
    committed: Decimal
    modified_at: datetime

    @property
    def available(self) -> Decimal:
        return self.on_hand - self.allocated - self.committed


class StockLedger:
    def __init__(self) -> None:
        self._levels: dict[tuple[str, str], StockLevel] = {}

    def set(self, inventory_id: str, warehouse_id: str, at: datetime, *, on_hand: Decimal | None = None,
            allocated: Decimal | None = None, committed: Decimal | None = None) -> StockLevel:
        """Set the given quantities of one row (created at zero if new); the others keep their value."""
        key = (normal_key(inventory_id), normal_key(warehouse_id))
        level = self._levels.setdefault(key, StockLevel(inventory_id, warehouse_id, Decimal(0), Decimal(0),
                                                        Decimal(0), at))
        for name, value in (("on_hand", on_hand), ("allocated", allocated), ("committed", committed)):
            if value is not None:
                setattr(level, name, Decimal(value))
        level.modified_at = at
        return level

    def levels_of(self, inventory_id: str) -> list[StockLevel]:
        item = normal_key(inventory_id)
        return [level for (key, _), level in self._levels.items() if key == item]

    def has_warehouse(self, warehouse_id: str) -> bool:
        return normal_key(warehouse_id) in {normal_key(name) for name in WAREHOUSES}
