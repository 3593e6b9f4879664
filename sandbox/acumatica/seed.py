"""Filling the instance from the generated `World`, deterministically from the world's seed.

- Stock items: every ERP item of the world (the store's SKUs as `InventoryID`, less the SKUs the ERP lacks),
  with its price as `DefaultPrice` (and `CurySpecificPrice`), an `MSRP` above it, and its stock summed per
  warehouse (site `10-100` is `WH1`, `20-200` is `WH2`); some items also hold returned units in `RETURNS`.
  Five items exist only in the ERP (two of them not sellable; one, `STORE-CHARGES`, is what an integration enters
  store fees on).
- Customers: the first six shoppers the world gives the ERP (one with its email in capitals) and the two trade
  accounts; no documents.
- Stamps: items were imported in batches that share a `LastModifiedDateTime`, and a later price update stamped
  a fifth of them with one instant; stock rows share the instant of a recount, a few moved since; customers
  share their import instant, one was edited since. Ties are the point: a client must survive them.
"""

from __future__ import annotations

import random
import uuid
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sandbox.acumatica.entities import BEHAVIOURS
from sandbox.acumatica.entities.base import WriteContext, stamp
from sandbox.acumatica.entities.checks import money
from sandbox.acumatica.records import Record
from sandbox.acumatica.values import to_milliseconds

if TYPE_CHECKING:
    from sandbox.acumatica.instance import Instance
    from sandbox.seed import ErpItem, World

WAREHOUSE_OF_SITE = {"10-100": "WH1", "20-200": "WH2"}
RETURNS = "RETURNS"
IMPORT_BATCH = 25
MSRP_MARKUP = Decimal("1.25")
SHOPPER_CUSTOMERS = 6
ERP_ONLY_ITEMS: tuple[tuple[str, str, Decimal, str], ...] = (
    ("ERP-ONLY-0001", "Service kit", Decimal("12.00"), "Active"),
    ("ERP-ONLY-0002", "Pallet wrap", Decimal("35.50"), "Active"),
    ("ERP-ONLY-0003", "Discontinued desk lamp", Decimal("20.00"), "Inactive"),
    ("ERP-ONLY-0004", "Internal sample", Decimal("0.00"), "No Sales"),
    # What an integration invoices store fees on, and credits money refunded without goods on.
    ("STORE-CHARGES", "Store fees and refunds without goods", Decimal("0.00"), "Active"),
)


class _Seeder:
    def __init__(self, instance: Instance, world: World) -> None:
        self.instance = instance
        self.world = world
        self.rng = random.Random(f"{world.seed}:acumatica")
        self.context = WriteContext(world.now.astimezone(instance.zone).date())

    def new_id(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def moment(self, before: timedelta) -> datetime:
        # A fraction of a second as the database keeps it, so clients see what real stamps look like.
        return to_milliseconds(self.world.now - before + timedelta(milliseconds=self.rng.randrange(1, 1000)))

    def insert(self, entity_name: str, fields: dict[str, Any], at: datetime) -> Record:
        behaviour = BEHAVIOURS[entity_name]
        record: Record = {"id": self.new_id()}
        behaviour.prepare_insert(self.instance, record, self.context)
        record.update(fields)
        if behaviour.shape.field("NoteID") is not None:
            record["NoteID"] = self.new_id()
        stamp(record, behaviour.shape, at, created=True)
        self.instance.table(entity_name).put(record)
        return record

    def stock_items(self) -> None:
        imported = self.moment(timedelta(days=30))
        price_update = self.moment(timedelta(days=2))
        recount = self.moment(timedelta(days=1))
        records = []
        for index, item in enumerate(self.world.erp_items):
            at = imported + timedelta(minutes=index // IMPORT_BATCH)
            records.append(self.insert("StockItem", self.item_fields(item.item_number, item.description, item.price,
                                                                     "Active"), at))
            self.stock(item, recount)
        for index, (number, description, price, status) in enumerate(ERP_ONLY_ITEMS):
            self.insert("StockItem", self.item_fields(number, description, price, status),
                        imported + timedelta(hours=1, minutes=index))
            self.instance.stock.set(number, "WH1", imported, on_hand=Decimal(10 * (index + 1)))
        for record in self.rng.sample(records, len(records) // 5):
            stamp(record, BEHAVIOURS["StockItem"].shape, price_update, created=False)

    @staticmethod
    def item_fields(number: str, description: str, price: Decimal, status: str) -> dict[str, Any]:
        msrp = money(price * MSRP_MARKUP)
        return {"InventoryID": number, "Description": description, "ItemStatus": status, "DefaultPrice": price,
                "CurySpecificPrice": price, "MSRP": msrp, "CurySpecificMSRP": msrp}

    def stock(self, item: ErpItem, recount: datetime) -> None:
        totals: dict[str, list[Decimal]] = {}
        for (site, _location), level in sorted(item.stock.items()):
            sums = totals.setdefault(WAREHOUSE_OF_SITE[site], [Decimal(0)] * 3)
            for position, quantity in enumerate((level.on_hand, level.allocated, level.committed)):
                sums[position] += quantity
        if self.rng.randrange(6) == 0:
            totals[RETURNS] = [Decimal(self.rng.randrange(1, 4)), Decimal(0), Decimal(0)]
        for warehouse, (on_hand, allocated, committed) in totals.items():
            moved = self.rng.randrange(10) == 0
            at = self.moment(timedelta(hours=self.rng.randrange(1, 20))) if moved else recount
            self.instance.stock.set(item.item_number, warehouse, at, on_hand=on_hand, allocated=allocated,
                                    committed=committed)

    def customers(self) -> None:
        shoppers = [c for c in self.world.erp_customers if not c["email"].endswith("@trade.example.net")]
        trade = [c for c in self.world.erp_customers if c["email"].endswith("@trade.example.net")]
        imported = self.moment(timedelta(days=20))
        edited = self.moment(timedelta(hours=3))
        chosen = [(c, "RETAIL") for c in shoppers[:SHOPPER_CUSTOMERS]] + [(c, "WHOLESALE") for c in trade]
        for index, (customer, customer_class) in enumerate(chosen):
            self.insert("Customer", self.customer_fields(customer, customer_class), edited if index == 1 else imported)

    def customer_fields(self, customer: dict[str, Any], customer_class: str) -> dict[str, Any]:
        address = customer["billTo"]
        contact = {"id": self.new_id(), "DisplayName": customer["name"], "Email": customer["email"],
                   "Phone1": customer["phone"],
                   "Address": {"id": self.new_id(), "AddressLine1": address["line1"],
                               "AddressLine2": address["line2"] or None, "City": address["city"],
                               "State": address["state"] or None, "PostalCode": address["postalCode"],
                               "Country": address["country"]}}
        return {"CustomerID": customer["customerCode"], "CustomerName": customer["name"], "Email": customer["email"],
                "CurrencyID": customer["currency"], "CustomerClass": customer_class, "MainContact": contact}


def seed_from_world(instance: Instance, world: World) -> None:
    seeder = _Seeder(instance, world)
    seeder.stock_items()
    seeder.customers()
