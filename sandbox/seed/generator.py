"""`generate_world`: one deterministic world per (seed, sizes, now), with every edge case present at any size."""

from __future__ import annotations

import itertools
import random
from datetime import UTC, datetime, timedelta

from sandbox.seed.bulk_edits import apply_bulk_edits
from sandbox.seed.catalog import build_catalog
from sandbox.seed.clock import woo_dates
from sandbox.seed.coupons import build_coupons
from sandbox.seed.erp import build_erp_customers, build_erp_items
from sandbox.seed.orders import OrderPlan, RefundPlan, build_order, build_refund
from sandbox.seed.people import customer_document, make_person
from sandbox.seed.world import World

MIN_ORDERS, MAX_ORDERS = 10, 100_000
MIN_SKUS, MAX_SKUS = 10, 10_000
HISTORY = timedelta(days=730)
STATUS_WEIGHTS = {"completed": 55, "processing": 20, "on-hold": 5, "pending": 5, "cancelled": 5,
                  "refunded": 4, "failed": 4, "trash": 2}
# The first orders take each status once, so even the smallest world has every status.
FORCED_STATUSES = ("pending", "processing", "on-hold", "completed", "cancelled", "refunded", "failed", "trash")
SECOND_CURRENCY = "EUR"
SECOND_CURRENCY_PERCENT = 92  # EUR prices are the USD catalog at a fixed 0.92
REFUND_REASONS = ("Damaged in transit", "Customer changed mind", "Wrong size", "")
# Goods sent back unused go back on the shelf; damaged goods and refunds without a stated reason do not.
RESTOCK_REASONS = frozenset({"Customer changed mind", "Wrong size"})


def _check_size(name: str, value: int, low: int, high: int) -> None:
    if not low <= value <= high:
        raise ValueError(f"{name} must be between {low} and {high}, got {value}")


def generate_world(*, seed: int = 42, orders: int = 500, skus: int = 200, now: datetime | None = None) -> World:
    """Build a store and an ERP that mostly agree.

    The same (seed, orders, skus, now) always gives the same world. Without `now` the current UTC day
    (midnight) is used, so runs on the same day agree and the newest orders are recent enough for watermarks.
    """
    _check_size("orders", orders, MIN_ORDERS, MAX_ORDERS)
    _check_size("skus", skus, MIN_SKUS, MAX_SKUS)
    if now is None:
        now = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    elif now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    rng = random.Random(seed)
    next_post_id = itertools.count(10).__next__
    next_item_id = itertools.count(1).__next__
    next_meta_id = itertools.count(1000).__next__

    catalog = build_catalog(rng, skus, next_post_id, created_before=now - HISTORY)
    world = World(seed=seed, now=now, products=catalog.products, variations=catalog.variations)

    customer_count = max(6, orders // 4)
    people = [make_person(rng, serial) for serial in range(customer_count)]
    customer_ids = list(range(2, 2 + customer_count))  # user 1 is the shop admin
    for customer_id, person in zip(customer_ids, people):
        joined = now - HISTORY - timedelta(days=rng.randrange(1, 365))
        world.customers.append(customer_document(customer_id, person, woo_dates(joined), paying=True))

    with_sku = [s for s in catalog.sellables if s.sku]
    missing = rng.sample(with_sku, max(1, len(with_sku) // 50))
    world.missing_skus = {s.sku for s in missing}
    stocked = [s for s in with_sku if s.sku not in world.missing_skus]
    no_sku = [s for s in catalog.sellables if not s.sku]
    # Missing SKUs are sold on purpose at spread-out positions, so every one of them appears in some order.
    forced_missing = {(j * orders) // len(missing) + 2 if orders > 12 else j % orders: s
                      for j, s in enumerate(missing)}

    offsets = sorted((rng.random() for _ in range(orders)), reverse=True)
    statuses, weights = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
    repeat_customer = 0
    refund_plans: list[tuple[int, str, int]] = []  # (order index, kind, delay seconds)
    plans: list[OrderPlan] = []
    for index in range(orders):
        created = now - HISTORY * offsets[index] - timedelta(minutes=5)
        status = FORCED_STATUSES[index] if index < len(FORCED_STATUSES) else rng.choices(statuses, weights)[0]
        guest = index in (0, 4) or (index >= 10 and rng.randrange(5) == 0)
        if index in (6, 8, 9):
            customer_index = repeat_customer
        elif index < 6:
            customer_index = index
        else:
            customer_index = int(customer_count * rng.random() ** 2)  # skewed: many repeat buyers
        if guest:
            # One guest in ten checks out with the email of a registered shopper.
            person = people[customer_index] if rng.randrange(10) == 0 else make_person(rng, 1_000_000 + index)
            customer_id = 0
        else:
            person, customer_id = people[customer_index], customer_ids[customer_index]
        lines = [(stocked[rng.randrange(len(stocked))], 1 + rng.randrange(3)) for _ in range(1 + rng.randrange(3))]
        if index in forced_missing:
            lines.append((forced_missing[index], 1))
        if index == 6 or rng.randrange(200) == 0:
            lines.append((no_sku[rng.randrange(len(no_sku))], 1))
        modified = created
        if index == 3 or rng.randrange(10) < 4:
            modified = min(now, created + timedelta(seconds=3600 + rng.randrange(20 * 86400)))
        currency = SECOND_CURRENCY if index == 3 or rng.randrange(50) == 0 else "USD"
        plans.append(OrderPlan(
            order_id=next_post_id(), created=created, modified=modified, status=status, customer_id=customer_id,
            billing=person.billing(), shipping=person.shipping(), currency=currency, lines=lines,
            coupon=index == 1 or rng.randrange(10) == 0,
            fees=[("Gift wrap", 250)] if index == 2 or rng.randrange(20) == 0 else [],
            shipping_lines=[] if index == 7 else [("flat_rate", "Flat rate", 500 + 100 * rng.randrange(10), "1")],
            token=rng.getrandbits(64), price_percent=100 if currency == "USD" else SECOND_CURRENCY_PERCENT))
        if status == "refunded":
            refund_plans.append((index, "full", 86400))
        elif index == 3:
            refund_plans.append((index, "line", 7200))
        elif index == 1:
            refund_plans.append((index, "amount", 7200))
        elif status in ("completed", "processing") and rng.randrange(25) == 0:
            refund_plans.append((index, "line" if rng.randrange(2) else "amount", 3600 + rng.randrange(86400)))

    apply_bulk_edits(plans, seed=seed, now=now, history=HISTORY)
    world.orders = [build_order(plan, next_item_id, next_meta_id) for plan in plans]
    managed = {p["id"] for p in catalog.products if p["manage_stock"]} | {
        v["id"] for children in catalog.variations.values() for v in children if v["manage_stock"]}
    for index, kind, delay in refund_plans:
        order, plan = world.orders[index], plans[index]
        when = min(now, plan.created + timedelta(seconds=delay))
        reason = REFUND_REASONS[index % 4]
        refund = build_refund(order, RefundPlan(next_post_id(), when, kind, reason,
                                                restock=kind != "amount" and reason in RESTOCK_REASONS),
                              next_item_id, next_meta_id,
                              manages_stock=lambda line: (line["variation_id"] or line["product_id"]) in managed)
        world.refunds[order["id"]] = [refund]
        order["refunds"] = [{"id": refund["id"], "reason": refund["reason"], "total": f"-{refund['amount']}"}]
        if refund["date_created_gmt"] > order["date_modified_gmt"]:
            order["date_modified"], order["date_modified_gmt"] = refund["date_created"], refund["date_created_gmt"]

    # Coupon ids come after every other post id, so adding coupons moved no product, order or refund id.
    world.coupons = build_coupons(world.orders, now, next_post_id)
    world.erp_items = build_erp_items(rng, catalog, world.missing_skus)
    world.erp_customers = build_erp_customers(people, now)
    return world
