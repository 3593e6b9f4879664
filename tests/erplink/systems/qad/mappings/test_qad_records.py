"""erplink's QAD documents ↔ QAD's REST records."""

from __future__ import annotations

from decimal import Decimal

from erplink.systems.qad.endpoints import QadEndpoints
from erplink.systems.qad.mappings.qad_records import (
    header_values,
    line_values,
    lines_from_records,
    new_header,
    stock_from_row,
)

ORDER = {
    "externalRef": "WC-shop-1042", "customerCode": "C000001", "site": "10-100", "currency": "USD",
    "orderDate": "2026-01-05T22:30:00Z", "notes": "Leave at the door",
    "shipTo": {"name": "Ada", "line1": "1 Way", "city": "London", "country": "GB"},
    "charges": [{"type": "FREIGHT", "description": "Flat", "amount": "4.00", "taxAmount": "0.40"}],
}  # fmt: skip


def test_a_new_header_carries_the_reference_as_customer_po_and_the_order_date_as_qad_writes_dates() -> None:
    header = new_header(ORDER, "10USA")
    assert (header["dataOperation"], header["domainCode"], header["purchaseOrder"]) == ("C", "10USA", "WC-shop-1042")
    assert header["orderDate"] == "2026-01-05T00:00:00.000Z"
    assert header["SOTrailers"] == [{"trailerCode": "FREIGHT", "description": "Flat", "trailerAmount": "4.00",
                                     "customDecimal0": "0.40"}]  # fmt: skip
    assert header["shipToCity"] == "London" and header["shipToStateCode"] == ""


def test_an_update_sets_only_what_the_document_carries() -> None:
    """A change of the charges alone leaves the remarks, the ship-to and the customer PO as QAD has them."""
    assert set(header_values({"charges": ORDER["charges"]})) == {"SOTrailers"}


def test_a_discount_becomes_a_net_unit_price_and_comes_back_as_the_same_amount() -> None:
    """3 × 10.00 less 1.00 is a net price of 9.66667; read back, the discount is 1.00 again."""
    line = {"line": 1, "itemNumber": "A", "quantity": "3", "unitPrice": "10.00", "discountAmount": "1.00",
            "taxAmount": "0.50"}  # fmt: skip
    values = line_values(line, site="10-100", due_date="2026-01-05T00:00:00.000Z")
    assert (values["listPrice"], values["netPrice"], values["customDecimal0"]) == ("10.00", "9.66667", "0.50")
    record = {**values, "quantityOrdered": 3, "listPrice": 10, "netPrice": 9.66667, "customDecimal0": 0.5}
    assert lines_from_records([record]) == [{"line": 1, "itemNumber": "A", "quantity": "3", "unitPrice": "10.00",
                                             "discountAmount": "1.00", "taxAmount": "0.50"}]  # fmt: skip


def test_a_stock_row_without_a_quantity_column_is_left_to_be_refused_not_read_as_zero() -> None:
    row = {"ld_det.ld_part": "A", "ld_det.ld_site": "10-100", "ld_det.ld_loc": "FG", "ld_det.ld_qty_oh": 7.5}
    level = stock_from_row(row, QadEndpoints())
    assert level["qtyOnHand"] == "7.5" and level["qtyAllocated"] is None
    assert Decimal(level["qtyOnHand"]) == Decimal("7.5")
