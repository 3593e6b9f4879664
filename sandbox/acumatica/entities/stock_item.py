"""`StockItem` (screen IN202500), keyed by `InventoryID`.

Prices are the item's own fields as the contract has them: `DefaultPrice` (the base price), `MSRP`, and their
currency-specific twins `CurySpecificPrice` / `CurySpecificMSRP`. `WarehouseDetails` are read from the stock
rows (`stock.py`) and are read-only here; a quantity changes through inventory documents, never through the
item, and does not move the item's `LastModifiedDateTime`.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import TYPE_CHECKING

from sandbox.acumatica.binding import Draft
from sandbox.acumatica.entities.base import Behaviour, WriteContext
from sandbox.acumatica.entities.checks import display_name, not_found_in_system, one_of, require
from sandbox.acumatica.records import Record, flag

if TYPE_CHECKING:
    from sandbox.acumatica.instance import Instance

ITEM_STATUSES = ("Active", "No Sales", "No Purchases", "No Request", "Inactive", "Marked for Deletion")
UNSELLABLE_STATUSES = ("No Sales", "Inactive", "Marked for Deletion")
PRICE_FIELDS = ("DefaultPrice", "MSRP", "CurySpecificPrice", "CurySpecificMSRP")
DEFAULT_WAREHOUSE = "WH1"


class StockItemBehaviour(Behaviour):
    name = "StockItem"
    keys = ("InventoryID",)
    display = "Stock Item"
    files_view = "PX.Objects.IN.InventoryItemMaint/Item"
    read_only = frozenset({"NoteID", "LastModified", "LastModifiedDateTime", "WarehouseDetails"})

    def prepare_insert(self, instance: Instance, record: Record, context: WriteContext) -> None:
        record.update(ItemStatus="Active", ItemClass="STOCKITEM", ItemType="Finished Good", BaseUOM="EA",
                      SalesUOM="EA", PurchaseUOM="EA", ValuationMethod="Average", LotSerialClass="NOTTRACKED",
                      DefaultWarehouseID=DEFAULT_WAREHOUSE, DefaultPrice=Decimal(0), IsAKit=False)

    def check(self, instance: Instance, record: Record, existing: Record | None) -> None:
        require(record, "InventoryID")
        one_of(record, "ItemStatus", ITEM_STATUSES)
        for field in PRICE_FIELDS:
            if record.get(field) is not None and record[field] < 0:
                flag(record, field, f"'{display_name(field)}' cannot be negative.")
        warehouse = record.get("DefaultWarehouseID")
        if warehouse is not None and not instance.stock.has_warehouse(warehouse):
            flag(record, "DefaultWarehouseID", not_found_in_system("Warehouse", warehouse))

    def derive(self, instance: Instance, record: Record, draft: Draft, context: WriteContext) -> None:
        if record.get("CurySpecificPrice") is None:
            record["CurySpecificPrice"] = record.get("DefaultPrice")

    def decorate(self, instance: Instance, record: Record) -> Record:
        default = str(record.get("DefaultWarehouseID") or "").casefold()
        rows = [{"id": str(uuid.uuid5(uuid.UUID(record["id"]), level.warehouse_id)),
                 "WarehouseID": level.warehouse_id, "QtyOnHand": level.on_hand, "Status": "Active",
                 "IsDefault": level.warehouse_id.casefold() == default, "Override": False}
                for level in instance.stock.levels_of(record["InventoryID"])]
        return {**record, "WarehouseDetails": rows}


def sellable(item: Record) -> bool:
    return item.get("ItemStatus") not in UNSELLABLE_STATUSES
