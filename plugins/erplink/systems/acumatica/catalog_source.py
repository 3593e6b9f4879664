"""The Acumatica side of a catalog push: what changed in stock items (price, status) and in available quantities
since the last push, as canonical offers for the store side.

Stock items are read by ``LastModifiedDateTime`` (a quantity change does not move an item's stamp), quantities
from the ``InventoryQuantityAvailable`` inquiry by its own ``LastModifiedDateTime``; an item that changed on one
side only is completed from the other (its quantity from one inquiry of every row, its price by InventoryID). The
inquiry sums every warehouse; the tenant sells from ``warehouses`` only, so the on-hand units of the other
warehouses (the item's ``WarehouseDetails``) are taken off: an estimate that can only understate what the store
may sell. Both marks live in the ledger and move (``remember_marks``) only after a push the store took whole.

Each read reaches ``OVERLAP`` back before its mark, for a save that committed late with an earlier stamp; the
rows already read there (kept with the mark as ``<InventoryID>@<stamp>``) are not offered again, so a read after
which nothing changed offers nothing and asks for nothing more.

The first push, and a full resync, read everything: then ``complete`` is true, and the offers name every stock
item, so a store SKU without one is known not to be an Acumatica item.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import ROUND_FLOOR, Decimal
from typing import Any

from erplink.flows.context import FlowContext
from erplink.mappings.errors import MappingError
from erplink.models import ItemOffer
from erplink.systems.acumatica.config import acumatica_erp
from erplink.systems.acumatica.paging import text_literal
from erplink.systems.acumatica.values import Unwrapped
from erplink.windows import Window

ITEMS_STREAM = "acumatica.stock_items"
QUANTITIES_STREAM = "acumatica.quantities"
# Re-read this much before each mark: a save committing late with an earlier stamp is still seen.
OVERLAP = timedelta(minutes=1)
# The stamps are Acumatica's clock, not ours: a window reaches this far ahead (it only bounds the range splitting).
FAR_AHEAD = timedelta(days=36500)
ITEM_FIELDS = "InventoryID,Description,ItemStatus,DefaultPrice,CurySpecificPrice,MSRP,LastModifiedDateTime"
QUANTITY_INQUIRY = "InventoryQuantityAvailable"
# Statuses of a stock item that may be sold (Acumatica refuses an invoice line on the others).
SELLABLE = ("Active", "No Purchases", "No Request")
ITEMS_PER_REQUEST = 20  # an `or` filter of this many InventoryIDs stays well within a URL's length
CENT = Decimal("0.01")


@dataclass
class Mark:
    """Where one stream was read up to: the newest stamp, and the rows read within ``OVERLAP`` of it."""

    value: datetime | None = None
    seen: frozenset[str] = frozenset()
    _read: dict[str, datetime] = field(default_factory=dict)

    @classmethod
    def stored(cls, fc: FlowContext, stream: str) -> Mark:
        mark = fc.ledger.get_watermark(fc.tenant.name, fc.integration, stream)
        return cls(mark.value, frozenset(mark.boundary_ids)) if mark else cls()

    @property
    def since(self) -> datetime | None:
        return self.value - OVERLAP if self.value else None

    def first_read(self, sku: str, stamp: datetime | None) -> bool:
        """Note the row; False when the last read already had it, unchanged (it lies in the overlap)."""
        if stamp is None:
            return True
        self._read[_row_id(sku, stamp)] = stamp
        self.value = stamp if self.value is None or stamp > self.value else self.value
        return _row_id(sku, stamp) not in self.seen

    def boundary(self) -> list[str]:
        """The rows the next read will find again in its overlap: those within ``OVERLAP`` of the new mark."""
        if self.value is None:
            return []
        start = self.value - OVERLAP
        kept = {row for row in self.seen if _row_stamp(row) >= start} | {
            row for row, stamp in self._read.items() if stamp >= start
        }
        return sorted(kept)


@dataclass
class AcumaticaCatalog:
    offers: list[ItemOffer] = field(default_factory=list)
    bad_rows: list[str] = field(default_factory=list)
    items: Mark = field(default_factory=Mark)
    quantities: Mark = field(default_factory=Mark)
    complete: bool = False  # every stock item was read, not only those changed since the marks


def read_catalog(fc: FlowContext, *, full_resync: bool = False) -> AcumaticaCatalog:
    items_mark = Mark() if full_resync else Mark.stored(fc, ITEMS_STREAM)
    quantities_mark = Mark() if full_resync else Mark.stored(fc, QUANTITIES_STREAM)
    catalog = AcumaticaCatalog(
        items=items_mark,
        quantities=quantities_mark,
        complete=items_mark.value is None and quantities_mark.value is None,
    )

    rows = fc.erp.inquire(QUANTITY_INQUIRY, {"LastModifiedDateTime": quantities_mark.since})
    quantities = _quantities(fc, rows, catalog)

    since = items_mark.since
    window = Window(since, since + FAR_AHEAD) if since else None
    items = _items(
        fc.erp.iter_entities(
            "StockItem", window=window, select=ITEM_FIELDS, expand="WarehouseDetails", key_field="InventoryID"
        ),
        catalog,
        mark=items_mark,
    )
    # Items whose quantity changed but not the item itself: their price, status and warehouses.
    items.update(_items(_by_inventory_ids(fc, sorted(set(quantities) - set(items))), catalog, mark=None))
    # Items that changed but not their quantity: one inquiry of every row gives theirs.
    if set(items) - set(quantities):
        everything = _quantities(fc, fc.erp.inquire(QUANTITY_INQUIRY, {"LastModifiedDateTime": None}), None)
        quantities.update({sku: qty for sku, qty in everything.items() if sku in items and sku not in quantities})

    warehouses = {w.casefold() for w in acumatica_erp(fc.tenant).warehouses}
    for sku, item in sorted(items.items()):
        try:
            catalog.offers.append(
                _offer(sku, item, quantities.get(sku, Decimal(0)), warehouses, acumatica_erp(fc.tenant).price_field)
            )
        except (MappingError, ValueError) as exc:
            catalog.bad_rows.append(f"StockItem {sku}: {exc}")
    return catalog


def remember_marks(fc: FlowContext, catalog: AcumaticaCatalog) -> None:
    """Move both marks to the newest stamps read: the next push reads from there (minus the overlap)."""
    for stream, mark in ((ITEMS_STREAM, catalog.items), (QUANTITIES_STREAM, catalog.quantities)):
        if mark.value is not None:
            fc.ledger.set_watermark(fc.tenant.name, fc.integration, stream, mark.value, mark.boundary())


def _quantities(
    fc: FlowContext, rows: Iterable[dict[str, Any]], catalog: AcumaticaCatalog | None
) -> dict[str, Decimal]:
    """InventoryID → available quantity of the inquiry's rows; their newest stamp moves the catalog's mark."""
    quantities: dict[str, Decimal] = {}
    for row in rows:
        try:
            result = Unwrapped(row, QUANTITY_INQUIRY)
            sku = result.text("InventoryID")
            if not sku:
                continue
            quantity = result.decimal("QtyAvailable") or Decimal(0)
            if catalog is None or catalog.quantities.first_read(sku, result.stamp("LastModifiedDateTime")):
                quantities[sku] = quantity
        except MappingError as exc:
            if catalog is not None:
                catalog.bad_rows.append(str(exc))
            else:
                fc.log.warning("%s", exc)
    return quantities


def _items(rows: Iterable[dict[str, Any]], catalog: AcumaticaCatalog, *, mark: Mark | None) -> dict[str, Unwrapped]:
    """InventoryID → item of the rows; with ``mark``, the rows read as changed since it (and noted there)."""
    items: dict[str, Unwrapped] = {}
    for row in rows:
        try:
            item = Unwrapped(row, "StockItem")
            sku = item.text("InventoryID")
            if sku and (mark is None or mark.first_read(sku, item.stamp("LastModifiedDateTime"))):
                items[sku] = item
        except MappingError as exc:
            catalog.bad_rows.append(str(exc))
    return items


def _by_inventory_ids(fc: FlowContext, skus: list[str]) -> Iterator[dict[str, Any]]:
    for start in range(0, len(skus), ITEMS_PER_REQUEST):
        chunk = skus[start : start + ITEMS_PER_REQUEST]
        expression = " or ".join(f"InventoryID eq {text_literal(sku)}" for sku in chunk)
        yield from fc.erp.find_entities("StockItem", expression, select=ITEM_FIELDS, expand="WarehouseDetails")


def _offer(
    sku: str, item: Unwrapped, available_everywhere: Decimal, warehouses: set[str], price_field: str
) -> ItemOffer:
    elsewhere = sum(
        (
            row.decimal("QtyOnHand") or Decimal(0)
            for row in item.details("WarehouseDetails")
            if (row.text("WarehouseID") or "").casefold() not in warehouses
        ),
        Decimal(0),
    )
    active = item.text("ItemStatus") in SELLABLE
    available = int((available_everywhere - max(elsewhere, Decimal(0))).to_integral_value(rounding=ROUND_FLOOR))
    price = item.decimal(price_field)
    return ItemOffer(
        item_number=sku,
        description=item.text("Description") or sku,
        active=active,
        price=str(price.quantize(CENT)) if price is not None else None,
        available=max(0, available) if active else 0,
    )


def _row_id(sku: str, stamp: datetime) -> str:
    return f"{sku}@{stamp.isoformat()}"


def _row_stamp(row_id: str) -> datetime:
    return datetime.fromisoformat(row_id.rpartition("@")[2])


__all__ = ["ITEMS_STREAM", "QUANTITIES_STREAM", "AcumaticaCatalog", "Mark", "read_catalog", "remember_marks"]
