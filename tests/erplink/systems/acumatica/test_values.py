"""Acumatica's `{"value": ...}` wrapping, both directions, in one place: what goes out is wrapped field by field
(linked entities and detail rows too), and what comes back is read only as the type it must be, the field named
when it is not."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from erplink.mappings.errors import MappingError
from erplink.systems.acumatica.values import Unwrapped, unwrap, wrap


def test_wrapping_reaches_linked_entities_and_detail_rows_and_leaves_out_unset_fields() -> None:
    fields = {"CustomerID": "C1", "Hold": False, "Qty": Decimal("2.50"), "Note": None,
              "MainContact": {"Email": "a@example.com", "Address": {"City": "Austin"}},
              "Details": [{"InventoryID": "SKU-1", "Qty": Decimal(1)}], "id": "guid-1"}
    assert wrap(fields) == {
        "CustomerID": {"value": "C1"}, "Hold": {"value": False}, "Qty": {"value": "2.50"},
        "MainContact": {"Email": {"value": "a@example.com"}, "Address": {"City": {"value": "Austin"}}},
        "Details": [{"InventoryID": {"value": "SKU-1"}, "Qty": {"value": "1"}}], "id": "guid-1"}


def test_a_date_time_goes_out_in_utc_with_milliseconds() -> None:
    assert wrap({"Date": datetime(2026, 3, 1, 12, 30, tzinfo=UTC)}) == {"Date": {"value": "2026-03-01T12:30:00.000Z"}}


def test_unwrapping_is_the_inverse_of_wrapping_with_empty_fields_as_none() -> None:
    answer = {"id": "g", "CustomerID": {"value": "C1"}, "Terms": {}, "MainContact": {"Email": {"value": "a@b.c"}},
              "Details": [{"Qty": {"value": 2.0}}]}
    assert unwrap(answer) == {"id": "g", "CustomerID": "C1", "Terms": None, "MainContact": {"Email": "a@b.c"},
                              "Details": [{"Qty": 2.0}]}


def test_values_are_read_as_their_type() -> None:
    invoice = Unwrapped({"ReferenceNbr": {"value": "INV000001"}, "Amount": {"value": 114.6},
                         "LastModifiedDateTime": {"value": "2026-01-05T06:31:28.4-06:00"}, "Terms": {}}, "invoice")
    assert invoice.text("ReferenceNbr") == "INV000001"
    assert invoice.decimal("Amount") == Decimal("114.6")
    assert invoice.stamp("LastModifiedDateTime") == datetime(2026, 1, 5, 12, 31, 28, 400000, tzinfo=UTC)
    assert invoice.text("Terms") is None and invoice.text("Missing") is None


@pytest.mark.parametrize(("entity", "read", "field", "says"), [
    ({"CustomerID": "C1"}, "text", "CustomerID", "bare str"),
    ({"Amount": {"value": "lots"}}, "decimal", "Amount", "expected a number"),
    ({"Amount": {"value": True}}, "decimal", "Amount", "expected a number"),
    ({"Amount": {"value": "NaN"}}, "decimal", "Amount", "expected a number"),
    ({"CustomerID": {"value": 7}}, "text", "CustomerID", "expected text"),
    ({"LastModifiedDateTime": {"value": "2026-01-05T06:31:28"}}, "stamp", "LastModifiedDateTime", "no UTC offset"),
])  # fmt: skip
def test_an_unwrapped_or_mistyped_value_is_refused_naming_the_record_and_the_field(entity, read, field, says) -> None:
    with pytest.raises(MappingError) as refused:
        getattr(Unwrapped(entity, "StockItem SKU-1"), read)(field)
    assert refused.value.record_key == "StockItem SKU-1"
    assert field in str(refused.value) and says in str(refused.value)


def test_detail_rows_are_named_by_their_position() -> None:
    item = Unwrapped({"WarehouseDetails": [{"QtyOnHand": {"value": 1}}, {"QtyOnHand": 3}]}, "StockItem X")
    first, second = item.details("WarehouseDetails")
    assert first.decimal("QtyOnHand") == 1
    with pytest.raises(MappingError, match=r"WarehouseDetails\[1\].*QtyOnHand"):
        second.decimal("QtyOnHand")
