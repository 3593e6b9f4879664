"""QAD items, prices and inventory → canonical catalog documents and the offers made of them."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

from erplink.load.errors import MappingError
from erplink.systems.qad.mappings.catalog import catalog_offers, item_from_qad, price_from_qad, stock_level_from_qad
from tests.erplink.conftest import load_fixture

LOCATIONS = [("10-100", "FG"), ("10-100", "STAGE")]
AS_OF = datetime(2026, 1, 6, tzinfo=UTC)


@pytest.fixture
def erp() -> dict[str, list[Any]]:
    rows = load_fixture("qad_catalog.json")
    return {
        "items": [item_from_qad(row) for row in rows["items"]],
        "prices": [price_from_qad(row) for row in rows["prices"]],
        "inventory": [stock_level_from_qad(row) for row in rows["inventory"]],
    }


def test_qad_rows_become_canonical_documents(erp):
    hoodie = erp["items"][0]
    assert (hoodie.item_number, hoodie.active, hoodie.uom) == ("HOODIE-BLUE-M", True, "EA")
    assert erp["items"][3].active is False
    assert erp["prices"][4].price == Decimal("12.5")
    level = erp["inventory"][0]
    assert (level.site, level.location, level.on_hand, level.allocated, level.committed) == (
        "10-100", "FG", Decimal("10"), Decimal("2"), Decimal("1"),
    )


@pytest.mark.parametrize(
    ("parse", "row", "expected"),
    [
        (item_from_qad, {"itemNumber": "X", "description": "d", "status": "OBSOLETE"}, "status"),
        (item_from_qad, {"description": "d", "status": "ACTIVE"}, "itemNumber: is missing"),
        (price_from_qad, {"itemNumber": "X", "price": "-1.00", "currency": "USD"}, "price"),
        (price_from_qad, {"itemNumber": "X", "price": "12,50", "currency": "USD"}, "price"),
        (price_from_qad, {"itemNumber": "X", "price": "1.00", "currency": "usd$"}, "currency"),
        (
            stock_level_from_qad,
            {"itemNumber": "X", "site": "1", "location": "FG", "qtyOnHand": "1", "qtyAllocated": "-2",
             "qtyCommitted": "0"},
            "allocated",
        ),
        (stock_level_from_qad, {"itemNumber": "X", "site": "1", "location": "FG"}, "qtyOnHand: is missing"),
        (item_from_qad, ["not", "an", "object"], "not a JSON object"),
    ],
)
def test_bad_qad_rows_are_refused_naming_the_item_and_field(parse, row, expected):
    with pytest.raises(MappingError) as caught:
        parse(row)

    assert expected in caught.value.reason
    assert caught.value.record_key.startswith("qad ")


def test_offers_carry_each_items_current_price_and_the_stock_it_may_sell(erp):
    offers = {offer.item_number: offer for offer in catalog_offers(
        erp["items"], erp["prices"], erp["inventory"], locations=LOCATIONS, currency="USD", as_of=AS_OF)}

    hoodie = offers["HOODIE-BLUE-M"]
    assert (hoodie.active, hoodie.price, hoodie.available) == (True, "47.50", 12)  # (10-2-1) + 5 over the locations
    assert offers["SOCKS-3PK"].price == "12.50"  # the USD entry, two places
    mug = offers["MUG-OLD"]
    assert (mug.active, mug.available) == (False, 0)  # inactive items are not for sale
