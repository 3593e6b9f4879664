"""What a store change of an order means for its QAD sales order: only fields QAD holds count as changes."""

from __future__ import annotations

import copy
from typing import Any

from erplink.systems.qad.mappings.sales_changes import FieldChange, sales_order_changes
from erplink.systems.woocommerce.mappings.orders import order_from_woo
from erplink.models import Order


def _order(document: dict[str, Any]) -> Order:
    return order_from_woo(document, store="shop1", currencies={"USD"})


def _changes(before: dict[str, Any], edit) -> Any:
    after = copy.deepcopy(before)
    edit(after)
    return sales_order_changes(_order(before), _order(after))


def _completed(order: dict[str, Any]) -> None:
    order["status"] = "completed"
    order["date_completed_gmt"] = order["date_modified_gmt"] = "2026-01-07T09:00:00"


def _refunded_in_full(order: dict[str, Any]) -> None:
    """What a refund changes on the order: its refund summary, the restock meta of the line, maybe the status."""
    order["status"] = "refunded"
    order["refunds"] = [{"id": 90, "reason": "", "total": f"-{order['total']}"}, *order["refunds"]]
    order["line_items"][0]["meta_data"].append({"id": 9999, "key": "_restock_refunded_items", "value": "2"})


def test_a_status_change_alone_is_no_change_for_qad(registered_order) -> None:
    assert not _changes(registered_order, _completed)
    assert not _changes(registered_order, lambda order: order.update(status="on-hold"))


def test_a_refund_is_no_change_for_qad_it_becomes_a_credit_memo_of_its_own(registered_order) -> None:
    assert not _changes(registered_order, _refunded_in_full)


def test_meta_data_and_payment_details_are_no_change_for_qad(registered_order) -> None:
    def edit(order: dict[str, Any]) -> None:
        order["meta_data"].append({"id": 1, "key": "_tracking_number", "value": "1Z999"})
        order["transaction_id"] = "ch_456"
        order["date_paid_gmt"] = "2026-01-06T00:00:00"

    assert not _changes(registered_order, edit)


def test_a_quantity_change_names_the_line_its_sku_and_the_old_and_new_values(registered_order) -> None:
    def edit(order: dict[str, Any]) -> None:
        line = order["line_items"][1]  # 3 socks at 10.00 → 4 socks at 13.33
        line.update(quantity=4, subtotal="13.33", total="13.33", total_tax="1.07")

    changes = _changes(registered_order, edit)
    assert FieldChange("line item 202 (SOCKS-3PK) quantity", "3", "4") in changes.substantive
    assert FieldChange("line item 202 (SOCKS-3PK) taxAmount", "0.80", "1.07") in changes.substantive
    assert all(change.field.startswith("line item 202 ") for change in changes.substantive)
    assert "line item 202 (SOCKS-3PK) quantity: '3' → '4'" in changes.describe()


def test_a_ship_to_address_change_names_the_address_field(registered_order) -> None:
    changes = _changes(registered_order, lambda order: order["shipping"].update(city="Capital City"))
    assert changes.substantive == (FieldChange("ship-to city", "Shelbyville", "Capital City"),)


def test_lines_added_and_removed_are_named_by_their_store_line_and_sku(registered_order) -> None:
    def edit(order: dict[str, Any]) -> None:
        removed = order["line_items"].pop(0)
        order["line_items"].append({**removed, "id": 210, "sku": "MUG-OLD", "variation_id": 0, "meta_data": []})

    changes = _changes(registered_order, edit)
    fields = [(change.field, change.old is None, change.new is None) for change in changes.substantive]
    assert ("line item 201 (HOODIE-BLUE-M)", False, True) in fields
    assert ("line item 210 (MUG-OLD)", True, False) in fields
    assert not any(field.startswith("line item 202") for field, _, _ in fields), "a line kept is not a change"


def test_a_charge_amount_change_names_the_charge(registered_order) -> None:
    changes = _changes(registered_order, lambda order: order["shipping_lines"][0].update(total="12.00"))
    assert changes.substantive == (FieldChange("shipping line 203 (Flat rate) amount", "10.00", "12.00"),)


def test_another_customer_is_a_substantive_change(registered_order) -> None:
    changes = _changes(registered_order, lambda order: order.update(customer_id=18))
    [change] = changes.substantive
    assert change.field == "customer" and "store customer 17" in change.old and "store customer 18" in change.new


def test_a_customer_note_is_informational_not_substantive(registered_order) -> None:
    changes = _changes(registered_order, lambda order: order.update(customer_note="Ring twice"))
    assert changes and not changes.substantive
    assert [change.field for change in changes.informational] == ["notes"]
