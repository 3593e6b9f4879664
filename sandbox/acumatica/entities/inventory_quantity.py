"""`InventoryQuantityAvailable` (SO640590): an inquiry, not a record.

As with every inquiry, the client PUTs the inquiry's parameters and expands `Results`:
`PUT .../InventoryQuantityAvailable?$expand=Results` with `{"InventoryID": {...}}` and/or
`{"LastModifiedDateTime": {...}}`. Each result row is one item's available quantity summed over every
warehouse (returns included) and the latest change to any of its stock rows; `LastModifiedDateTime` keeps the
rows changed at or after it. The rows come in no defined order. A GET answers the inquiry with no parameters, as
a list of one.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import TYPE_CHECKING

from sandbox.acumatica.binding import Draft
from sandbox.acumatica.records import Record, new_id, normal_key

if TYPE_CHECKING:
    from sandbox.acumatica.instance import Instance

NAME = "InventoryQuantityAvailable"
PARAMETERS = ("InventoryID", "LastModifiedDateTime")


def inquire(instance: Instance, draft: Draft) -> Record:
    item_filter = draft.values.get("InventoryID")
    since = draft.values.get("LastModifiedDateTime")
    rows = []
    for item in instance.table("StockItem").all():
        if item_filter is not None and normal_key(item_filter) != normal_key(item["InventoryID"]):
            continue
        levels = instance.stock.levels_of(item["InventoryID"])
        if not levels:
            continue
        modified = max(level.modified_at for level in levels)
        if since is not None and modified < since:
            continue
        rows.append({"id": str(uuid.uuid5(uuid.UUID(item["id"]), NAME)), "InventoryID": item["InventoryID"],
                     "LastModifiedDateTime": modified,
                     "QtyAvailable": sum((level.available for level in levels), Decimal(0))})
    order = instance.list_order()
    if order is not None:
        order.shuffle(rows)
    return {"id": new_id(), "InventoryID": item_filter, "LastModifiedDateTime": since, "Results": rows}
