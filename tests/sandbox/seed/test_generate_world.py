"""generate_world: deterministic, within its size limits, and carrying every edge case even at the smallest size."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from sandbox.seed import SITES_AND_LOCATIONS, generate_world
from sandbox.seed.orders import money_to_cents

NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
ALL_STATUSES = {"pending", "processing", "on-hold", "completed", "cancelled", "refunded", "failed", "trash"}


@pytest.fixture(scope="module")
def tiny():
    return generate_world(seed=3, orders=10, skus=10, now=NOW)


def test_same_seed_and_now_give_identical_worlds():
    first = generate_world(seed=11, orders=40, skus=20, now=NOW)
    second = generate_world(seed=11, orders=40, skus=20, now=NOW)
    assert dataclasses.asdict(first) == dataclasses.asdict(second)


def test_different_seeds_give_different_worlds():
    assert generate_world(seed=1, orders=20, skus=10, now=NOW).orders != \
        generate_world(seed=2, orders=20, skus=10, now=NOW).orders


@pytest.mark.parametrize(("orders", "skus"), [(9, 10), (100_001, 10), (10, 9), (10, 10_001)])
def test_sizes_outside_the_supported_range_are_refused(orders, skus):
    with pytest.raises(ValueError):
        generate_world(orders=orders, skus=skus, now=NOW)


def test_requested_counts_are_met(small_world):
    assert len(small_world.orders) == 60
    sellable_skus = [p["sku"] for p in small_world.products if p["type"] == "simple" and p["sku"]]
    sellable_skus += [v["sku"] for children in small_world.variations.values() for v in children]
    assert len(sellable_skus) == 30
    assert len(set(sellable_skus)) == 30, "SKUs are unique across products and variations"


def test_smallest_world_has_every_order_status(tiny):
    assert {o["status"] for o in tiny.orders} == ALL_STATUSES


def test_smallest_world_has_guests_and_repeat_customers(tiny):
    assert any(o["customer_id"] == 0 and o["billing"]["email"] for o in tiny.orders)
    registered = [o["customer_id"] for o in tiny.orders if o["customer_id"]]
    assert len(registered) > len(set(registered)), "some customer ordered more than once"


def test_smallest_world_has_unicode_names(tiny):
    names = " ".join(o["billing"]["first_name"] + o["billing"]["last_name"] + o["billing"]["address_1"]
                     for o in tiny.orders)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in names), "CJK"
    assert any(ord(ch) > 0xFFFF for ch in names), "emoji outside the BMP"
    assert any("\u0590" <= ch <= "\u06ff" for ch in names), "right-to-left script"
    assert any(ch in "éüåçñö" for ch in names.lower()), "accents"


def test_smallest_world_has_coupons_fees_shipping_taxes_and_a_second_currency(tiny):
    assert any(o["coupon_lines"] for o in tiny.orders)
    assert any(o["fee_lines"] for o in tiny.orders)
    assert any(o["shipping_lines"] for o in tiny.orders)
    assert any(o["tax_lines"] for o in tiny.orders)
    assert {o["currency"] for o in tiny.orders} >= {"USD", "EUR"}


def test_smallest_world_has_full_partial_line_and_amount_only_refunds(tiny):
    refunds = [(order_id, r) for order_id, rs in tiny.refunds.items() for r in rs]
    orders = {o["id"]: o for o in tiny.orders}
    full = [r for oid, r in refunds if orders[oid]["status"] == "refunded"]
    assert full and all(r["amount"] == orders[oid]["total"] for oid, r in refunds if r in full)
    assert any(r["line_items"] and r["amount"] != orders[oid]["total"] for oid, r in refunds), "partial, by line"
    assert any(not r["line_items"] for oid, r in refunds), "amount-only"
    for order_id, refund in refunds:
        summary = orders[order_id]["refunds"]
        assert {"id": refund["id"], "reason": refund["reason"], "total": f"-{refund['amount']}"} in summary


def test_some_orders_were_modified_after_creation(tiny):
    assert any(o["date_modified_gmt"] > o["date_created_gmt"] for o in tiny.orders)
    assert all(o["date_modified_gmt"] >= o["date_created_gmt"] for o in tiny.orders)


def test_dates_come_in_store_time_and_gmt_which_differ(small_world):
    order = small_world.orders[0]
    assert order["date_created"] != order["date_created_gmt"]
    assert len(order["date_created"]) == len(order["date_created_gmt"]) == 19, "no offset suffix"
    assert all(o["date_created_gmt"] <= "2026-01-15T12:00:00" for o in small_world.orders), "nothing after now"


def test_variation_lines_point_at_parent_and_variation_with_the_variation_sku(small_world):
    by_id = {v["id"]: v for children in small_world.variations.values() for v in children}
    parents = {v["id"]: parent for parent, children in small_world.variations.items() for v in children}
    lines = [line for o in small_world.orders for line in o["line_items"] if line["variation_id"]]
    assert lines
    for line in lines:
        assert line["product_id"] == parents[line["variation_id"]]
        assert line["sku"] == by_id[line["variation_id"]]["sku"]


def test_a_few_products_have_no_sku_and_are_sold(small_world):
    no_sku_ids = {p["id"] for p in small_world.products if not p["sku"]}
    assert no_sku_ids
    assert any(line["product_id"] in no_sku_ids for o in small_world.orders for line in o["line_items"])


def test_missing_skus_are_sold_but_absent_from_the_erp(small_world):
    erp_numbers = {item.item_number for item in small_world.erp_items}
    sold = {line["sku"] for o in small_world.orders for line in o["line_items"]}
    assert small_world.missing_skus
    assert small_world.missing_skus <= sold
    assert not small_world.missing_skus & erp_numbers
    assert sold - small_world.missing_skus - {""} <= erp_numbers


def test_smallest_world_has_a_variable_product_whose_own_sku_the_erp_also_carries(tiny):
    """Real stores give variable products a SKU, and an ERP may keep an item for it above the variants'."""
    parent_skus = {p["sku"] for p in tiny.products if p["type"] == "variable" and p["sku"]}
    assert parent_skus & {item.item_number for item in tiny.erp_items}


def test_erp_items_have_stock_for_every_site_and_location(small_world):
    for item in small_world.erp_items:
        assert set(item.stock) == set(SITES_AND_LOCATIONS)
        assert isinstance(item.price, Decimal) and item.currency == "USD"


def test_some_erp_customers_match_woo_emails_ignoring_case(small_world):
    woo_emails = {c["email"].lower() for c in small_world.customers}
    erp_emails = [c["email"] for c in small_world.erp_customers]
    assert any(email.lower() in woo_emails for email in erp_emails)
    assert any(email != email.lower() and email.lower() in woo_emails for email in erp_emails)
    assert any(email.lower() not in woo_emails for email in erp_emails), "ERP-only accounts exist"


def test_money_is_two_decimal_strings_and_totals_add_up(small_world):
    for order in small_world.orders:
        for key in ("total", "total_tax", "shipping_total", "discount_total", "cart_tax"):
            assert isinstance(order[key], str) and len(order[key].split(".")[1]) == 2
        parts = sum(money_to_cents(line["total"]) for line in order["line_items"])
        parts += sum(money_to_cents(line["total"]) for line in order["shipping_lines"] + order["fee_lines"])
        parts += money_to_cents(order["total_tax"])
        assert parts == money_to_cents(order["total"]), order["id"]
