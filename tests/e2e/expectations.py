"""What QAD and the store should hold after the integration ran, worked out from the seeded world alone.

Deliberately written without erplink's mappings: the rules below are the product's promise stated a second
time, so a mapping that drifts from them fails the end-to-end tests instead of agreeing with itself.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal
from typing import Any

STORE_KEY = "demo"
SALE_STATUSES = frozenset({"processing", "completed", "refunded"})
BOOKING_CURRENCY = "USD"
STOCK_LOCATIONS = frozenset({("10-100", "FG"), ("10-100", "STAGE"), ("20-200", "FG")})


def order_ref(order_id: int) -> str:
    return f"WC-{STORE_KEY}-{order_id}"


def refund_ref(order_id: int, refund_id: int) -> str:
    return f"WC-{STORE_KEY}-{order_id}-R{refund_id}"


def money(text: Any) -> Decimal:
    return Decimal(str(text)).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class ExpectedLine:
    item_number: str
    quantity: Decimal
    net: Decimal  # quantity × unit price − discount: the line's total before tax
    tax: Decimal


@dataclass(frozen=True)
class ExpectedSalesOrder:
    reference: str
    order_id: int
    email: str
    total: Decimal
    lines: tuple[ExpectedLine, ...]
    charges: tuple[tuple[str, Decimal, Decimal], ...]  # (FREIGHT|FEE, amount, tax)


@dataclass(frozen=True)
class ExpectedCreditMemo:
    reference: str
    order_reference: str
    amount: Decimal
    lines: tuple[tuple[str, Decimal, Decimal, bool], ...]  # (item number, quantity, amount, restock)


@dataclass
class Expectation:
    sales_orders: dict[str, ExpectedSalesOrder] = field(default_factory=dict)
    credit_memos: dict[str, ExpectedCreditMemo] = field(default_factory=dict)
    # Orders in a sale status that cannot be posted: order id -> what is wrong with it.
    held_back: dict[int, str] = field(default_factory=dict)
    # Lower-cased emails of posted orders that no seeded QAD customer has: each becomes one new customer.
    new_customer_emails: set[str] = field(default_factory=set)
    # Of those, the emails only registered shoppers used (their reference names the store customer id).
    registered_ids_by_email: dict[str, set[int]] = field(default_factory=dict)
    guest_only_emails: set[str] = field(default_factory=set)


def why_not_postable(order: dict[str, Any], qad_items: set[str]) -> str | None:
    """The reason a sale-status order cannot become a QAD sales order, or None when it can."""
    if order["currency"] != BOOKING_CURRENCY:
        return f"currency {order['currency']}"
    if not (order.get("billing") or {}).get("email", "").strip():
        return "blank billing email"
    skus = [line.get("sku") or "" for line in order["line_items"]]
    if any(not sku.strip() for sku in skus):
        return "a line without SKU"
    unknown = sorted({sku for sku in skus if sku not in qad_items})
    if unknown:
        return "SKUs unknown to QAD: " + ", ".join(unknown)
    return None


def expected_sales_order(order: dict[str, Any]) -> ExpectedSalesOrder:
    lines = tuple(ExpectedLine(line["sku"], Decimal(line["quantity"]), money(line["total"]), money(line["total_tax"]))
                  for line in order["line_items"])
    charges = tuple([("FREIGHT", money(s["total"]), money(s["total_tax"])) for s in order["shipping_lines"]]
                    + [("FEE", money(f["total"]), money(f["total_tax"])) for f in order["fee_lines"]])
    return ExpectedSalesOrder(order_ref(order["id"]), order["id"], order["billing"]["email"], money(order["total"]),
                              lines, charges)


def expected_credit_memo(order: dict[str, Any], refund: dict[str, Any]) -> ExpectedCreditMemo:
    """The seed gives an order at most one refund, so a line is restocked exactly when the seed left a
    `_restock_refunded_items` total on the order line it refunds."""
    sku_of_line = {line["id"]: line["sku"] for line in order["line_items"]}
    restocked = {line["id"]: int(m["value"]) for line in order["line_items"] for m in line["meta_data"]
                 if m["key"] == "_restock_refunded_items"}
    lines = []
    for line in refund["line_items"]:
        if line["quantity"] == 0:
            continue
        refunded_line = next(int(m["value"]) for m in line["meta_data"] if m["key"] == "_refunded_item_id")
        lines.append((sku_of_line[refunded_line], Decimal(-line["quantity"]), -money(line["total"]),
                      restocked.get(refunded_line, 0) >= -line["quantity"]))
    return ExpectedCreditMemo(refund_ref(order["id"], refund["id"]), order_ref(order["id"]), money(refund["amount"]),
                              tuple(lines))


def expect(world: Any, *, qad_items: Iterable[str], seeded_customer_emails: Iterable[str]) -> Expectation:
    items = set(qad_items)
    known_emails = {email.lower() for email in seeded_customer_emails if email}
    result = Expectation()
    used_by: dict[str, set[tuple[str, int]]] = defaultdict(set)
    for order in world.orders:
        if order["status"] not in SALE_STATUSES:
            continue
        reason = why_not_postable(order, items)
        if reason is not None:
            result.held_back[order["id"]] = reason
            continue
        sales_order = expected_sales_order(order)
        result.sales_orders[sales_order.reference] = sales_order
        for refund in world.refunds.get(order["id"], []):
            memo = expected_credit_memo(order, refund)
            result.credit_memos[memo.reference] = memo
        email = sales_order.email.lower()
        used_by[email].add(("guest", 0) if order["customer_id"] == 0 else ("registered", order["customer_id"]))
    for email, users in used_by.items():
        if email in known_emails:
            continue
        result.new_customer_emails.add(email)
        if all(kind == "guest" for kind, _ in users):
            result.guest_only_emails.add(email)
        elif all(kind == "registered" for kind, _ in users):
            result.registered_ids_by_email[email] = {customer_id for _, customer_id in users}
    return result


def expected_stock(levels: Iterable[Any]) -> Decimal:
    """Available to sell: on hand − allocated − committed summed over the configured locations, in whole units,
    never below zero. `levels` are (site, location, StockLevel-like) triples."""
    total = sum((level.on_hand - level.allocated - level.committed
                 for site, location, level in levels if (site, location) in STOCK_LOCATIONS), Decimal(0))
    return max(Decimal(0), total.to_integral_value(rounding=ROUND_FLOOR))
