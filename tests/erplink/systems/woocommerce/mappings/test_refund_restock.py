"""Restock of refund lines read from the order: WooCommerce does not echo `api_restock` when a refund is read
back; what it leaves is the order line's `_restock_refunded_items` meta, a running total of units put back in
stock by all refunds of that line (woocommerce `wc_restock_refunded_items()`)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from erplink.load.errors import MappingError
from erplink.systems.qad.mappings.sales import credit_memo_payload
from erplink.systems.woocommerce.mappings.orders import refund_from_woo

HOODIE_LINE = 201  # order 1042's line refunded by refund 77 (1 of 2 units)


def _as_read_back(refund: dict[str, Any]) -> dict[str, Any]:
    """The refund as GET orders/{id}/refunds returns it: without the write-only api_restock."""
    document = copy.deepcopy(refund)
    document.pop("api_restock", None)
    return document


def _restocked(order: dict[str, Any], line_id: int, units: Any) -> dict[str, Any]:
    order = copy.deepcopy(order)
    line = next(line for line in order["line_items"] if line["id"] == line_id)
    line["meta_data"].append({"id": 9900 + line_id, "key": "_restock_refunded_items", "value": units})
    return order


def _second_refund_of_the_hoodie(refunds_of_1042: dict[int, dict[str, Any]], refund_id: int) -> dict[str, Any]:
    second = _as_read_back(refunds_of_1042[77])
    second["id"] = refund_id
    second["line_items"] = [{**second["line_items"][0], "id": 400 + refund_id}]
    return second


def _restock_of(refund: dict[str, Any], order: dict[str, Any], others: list[dict[str, Any]] = ()) -> list[bool]:
    mapped = refund_from_woo(refund, store="shop1", order_id=1042, currency="USD", order=order, other_refunds=others)
    return [line.restock for line in mapped.lines]


def test_the_order_lines_restock_meta_restocks_the_refund_line_it_counts(registered_order, refunds_of_1042):
    refund = _as_read_back(refunds_of_1042[77])
    # Line 302 gives back money only (quantity 0): never restocked, whatever the order says.
    assert _restock_of(refund, _restocked(registered_order, HOODIE_LINE, "1")) == [True, False]


def test_without_the_meta_the_refund_line_is_not_restocked(registered_order, refunds_of_1042):
    refund = _as_read_back(refunds_of_1042[77])
    assert _restock_of(refund, registered_order) == [False, False]


def test_a_restock_on_the_credit_memo_line_follows_the_order(registered_order, refunds_of_1042):
    refund = refund_from_woo(_as_read_back(refunds_of_1042[77]), store="shop1", order_id=1042, currency="USD",
                             order=_restocked(registered_order, HOODIE_LINE, "1"))
    memo = credit_memo_payload(refund, reference="WC-shop1-1042-R77", sales_order_number="SO1",
                               sku_by_line_id={HOODIE_LINE: "HOODIE-BLUE-M"})
    assert memo["lines"] == [{"itemNumber": "HOODIE-BLUE-M", "quantity": "1", "amount": "22.50", "restock": True}]


def test_two_refunds_of_one_line_are_told_apart_by_the_running_total(registered_order, refunds_of_1042):
    first, second = _as_read_back(refunds_of_1042[77]), _second_refund_of_the_hoodie(refunds_of_1042, 79)
    both = _restocked(registered_order, HOODIE_LINE, "2")
    assert _restock_of(first, both, [second]) == [True, False]
    assert _restock_of(second, both, [first]) == [True]


def test_when_the_total_cannot_say_which_refund_restocked_neither_is(registered_order, refunds_of_1042):
    # Two one-unit refunds of the line and one unit restocked: either could have been it.
    first, second = _as_read_back(refunds_of_1042[77]), _second_refund_of_the_hoodie(refunds_of_1042, 79)
    one = _restocked(registered_order, HOODIE_LINE, "1")
    assert _restock_of(first, one, [second])[0] is False
    assert _restock_of(second, one, [first]) == [False]


def test_the_only_refund_that_can_make_up_the_total_is_the_restocked_one(registered_order, refunds_of_1042):
    first = _as_read_back(refunds_of_1042[77])  # 1 unit
    second = _second_refund_of_the_hoodie(refunds_of_1042, 79)
    second["line_items"][0]["quantity"] = -2  # 2 units: a total of 2 can only be this one
    two = _restocked(registered_order, HOODIE_LINE, "2")
    assert _restock_of(first, two, [second])[0] is False
    assert _restock_of(second, two, [first]) == [True]


def test_a_stated_flag_still_wins_over_the_order(registered_order, refunds_of_1042):
    refund = copy.deepcopy(refunds_of_1042[77])  # as created, with api_restock true
    assert _restock_of(refund, registered_order) == [True, False]
    refund["line_items"][0]["restock"] = False
    assert _restock_of(refund, _restocked(registered_order, HOODIE_LINE, "1"))[0] is False


@pytest.mark.parametrize("units", ["lots", "1.5", True])
def test_an_unreadable_restock_total_is_refused_naming_the_order_line(registered_order, refunds_of_1042, units):
    with pytest.raises(MappingError, match=f"order line {HOODIE_LINE} meta _restock_refunded_items"):
        _restock_of(_as_read_back(refunds_of_1042[77]), _restocked(registered_order, HOODIE_LINE, units))
