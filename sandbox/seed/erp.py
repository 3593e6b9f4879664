"""The ERP side of the world: one item per stocked SKU with stock per site/location (and one for a variable
product's own SKU), and existing customers."""

from __future__ import annotations

import random
from datetime import datetime
from decimal import Decimal

from sandbox.seed.catalog import Catalog
from sandbox.seed.people import Person
from sandbox.seed.world import SITES_AND_LOCATIONS, STORE_CURRENCY, ErpItem, StockLevel

CENT = Decimal("0.01")


def build_erp_items(rng: random.Random, catalog: Catalog, missing: set[str]) -> list[ErpItem]:
    """Every SKU'd sellable except `missing`, and one variable product's own SKU; about one price in ten differs
    from the store (drift to push)."""
    items = []
    for sellable in catalog.sellables:
        if not sellable.sku or sellable.sku in missing:
            continue
        cents = sellable.price_cents + (100 if rng.randrange(10) == 0 else 0)
        stock = {}
        for site_location in SITES_AND_LOCATIONS:
            on_hand = rng.randrange(0, 200)
            allocated = rng.randrange(0, on_hand // 4 + 1)
            stock[site_location] = StockLevel(Decimal(on_hand), Decimal(allocated),
                                              Decimal(rng.randrange(0, allocated + 1)))
        items.append(ErpItem(sellable.sku, sellable.name, (Decimal(cents) * CENT).quantize(CENT),
                             STORE_CURRENCY, stock))
    items.append(_variable_parent_item(catalog))
    return items


def _variable_parent_item(catalog: Catalog) -> ErpItem:
    """An item for the first variable product's own SKU, as ERPs that keep a style item above its variants do.

    The store sells only its variations; the item carries the style's lowest price and no stock of its own.
    Drawing nothing from the random source leaves every other item as it was.
    """
    parent = next(p for p in catalog.products if p["type"] == "variable" and p["sku"])
    nothing = StockLevel(Decimal(0), Decimal(0), Decimal(0))
    return ErpItem(parent["sku"], parent["name"], Decimal(parent["price"]).quantize(CENT), STORE_CURRENCY,
                   dict.fromkeys(SITES_AND_LOCATIONS, nothing))


def _address(person: Person) -> dict:
    return {"name": f"{person.first_name} {person.last_name}", "line1": person.address_1, "line2": "",
            "city": person.city, "state": person.state, "postalCode": person.postcode, "country": person.country}


def build_erp_customers(people: list[Person], now: datetime) -> list[dict]:
    """Every third shopper already exists in the ERP; every seventh of those with the email in another case,
    because ERPs keep whatever a clerk typed. Two trade accounts exist only in the ERP."""
    modified_at = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    customers = []
    for index, person in enumerate(people[::3]):
        email = person.email.upper() if index % 7 == 3 else person.email
        customers.append({"customerCode": f"C{index + 1:06d}", "name": f"{person.first_name} {person.last_name}",
                          "email": email, "phone": person.phone, "billTo": _address(person),
                          "shipTo": _address(person), "currency": STORE_CURRENCY, "externalRef": None,
                          "modifiedAt": modified_at})
    for extra, name in enumerate(("Northwind Traders", "Contoso Wholesale")):
        code = f"C{len(customers) + 1:06d}"
        address = {"name": name, "line1": f"{100 + extra} Commerce Way", "line2": "", "city": "Chicago",
                   "state": "IL", "postalCode": "60601", "country": "US"}
        customers.append({"customerCode": code, "name": name, "email": f"ap{extra}@trade.example.net",
                          "phone": "(312) 555-0100", "billTo": address, "shipTo": address,
                          "currency": STORE_CURRENCY, "externalRef": None, "modifiedAt": modified_at})
    return customers
