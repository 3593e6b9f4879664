"""Orders and refunds, with totals that add up the way WooCommerce computes them (integer cents underneath)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sandbox.seed.catalog import Sellable
from sandbox.seed.clock import woo_dates
from sandbox.seed.money import cents_to_str, percent_of

# state -> (rate id, basis points, rate code); shops outside these states charge no tax.
TAX_RATES = {"NY": (1, 800, "US-NY-STATE TAX-1"), "CA": (2, 725, "US-CA-STATE TAX-1"),
             "TX": (3, 625, "US-TX-STATE TAX-1"), "WA": (4, 650, "US-WA-STATE TAX-1"),
             "IL": (5, 625, "US-IL-STATE TAX-1")}
PAYMENT_METHODS = (("stripe", "Credit Card (Stripe)"), ("bacs", "Direct bank transfer"),
                   ("paypal", "PayPal"), ("cod", "Cash on delivery"))
PAID_STATUSES = frozenset({"processing", "completed", "refunded"})
COUPON_BASIS_POINTS = 1000
COUPON_CODE = "save10"
COUPON_DISCOUNT_TYPE = "percent"
RESTOCKED_META_KEY = "_restock_refunded_items"
"""Order line meta in which WooCommerce keeps the running total of units refunds put back in stock
(woocommerce `includes/wc-order-functions.php`, `wc_restock_refunded_items()`)."""
WC_VERSION = "9.8.5"


@dataclass(frozen=True)
class OrderPlan:
    """What one order should look like; the caller decides, this module only does the arithmetic."""

    order_id: int
    created: datetime
    modified: datetime
    status: str
    customer_id: int
    billing: dict
    shipping: dict
    currency: str
    lines: list[tuple[Sellable, int]]
    token: int
    coupon: bool = False
    fees: list[tuple[str, int]] = field(default_factory=list)  # (name, cents)
    # (method id, title, cents, instance id): a checkout fills the instance id of the shipping zone's method,
    # an order keyed through the API has "" unless the caller sends one.
    shipping_lines: list[tuple[str, str, int, str]] = field(default_factory=list)
    payment_method: tuple[str, str] | None = None
    paid: bool | None = None  # None: paid when the status says so
    created_via: str = "checkout"
    meta: list[tuple[str, str]] = field(default_factory=lambda: [("_wc_order_attribution_source_type", "typein")])
    customer_note: str = ""
    price_percent: int = 100  # catalog prices are USD; a second-currency checkout converts them


@dataclass(frozen=True)
class RefundPlan:
    refund_id: int
    created: datetime
    kind: str  # "full", "line", "amount"
    reason: str
    restock: bool = False  # the refunded goods went back in stock (WooCommerce counts managed-stock products only)


def _taxes(rate_id: int | None, total: int, subtotal: int) -> list[dict]:
    if rate_id is None:
        return []
    return [{"id": rate_id, "total": cents_to_str(total), "subtotal": cents_to_str(subtotal)}]


def no_image() -> dict:
    """A line's product image when the product has none: the v2 orders controller's `get_order_item_data()` sends
    the product's image id (0 without one) and an empty URL."""
    return {"id": 0, "src": ""}


def build_order(plan: OrderPlan, next_item_id: Callable[[], int], next_meta_id: Callable[[], int]) -> dict:
    rate = TAX_RATES.get(plan.billing.get("state", "")) if plan.billing.get("country") == "US" else None
    rate_id, basis_points = (rate[0], rate[1]) if rate else (None, 0)

    line_items, cart_tax, lines_total, discount_total, discount_tax = [], 0, 0, 0, 0
    for sellable, quantity in plan.lines:
        unit = sellable.price_cents * plan.price_percent // 100
        subtotal = unit * quantity
        discount = percent_of(subtotal, COUPON_BASIS_POINTS) if plan.coupon else 0
        total = subtotal - discount
        subtotal_tax, total_tax = percent_of(subtotal, basis_points), percent_of(total, basis_points)
        cart_tax += total_tax
        lines_total += total
        discount_total += discount
        discount_tax += subtotal_tax - total_tax
        meta = []
        if sellable.variation_id:
            color_size = sellable.name.rsplit(" - ", 1)[-1].split(", ")
            meta = [{"id": next_meta_id(), "key": "pa_color", "value": color_size[0].lower()},
                    {"id": next_meta_id(), "key": "pa_size", "value": color_size[-1].lower()}]
        line_items.append({
            "id": next_item_id(), "name": sellable.name, "product_id": sellable.product_id,
            "variation_id": sellable.variation_id, "quantity": quantity, "tax_class": "",
            "subtotal": cents_to_str(subtotal), "subtotal_tax": cents_to_str(subtotal_tax),
            "total": cents_to_str(total), "total_tax": cents_to_str(total_tax),
            "taxes": _taxes(rate_id, total_tax, subtotal_tax), "meta_data": meta, "sku": sellable.sku,
            # Woo prints the unit price as a JSON number, not a string (see the examples in _orders.md).
            "price": round(total / quantity / 100, 2),
            # The product's image, and for a variation its parent's title (null for any other product).
            "image": no_image(), "parent_name": sellable.parent_name,
        })

    shipping_lines, shipping_total, shipping_tax = [], 0, 0
    for method_id, title, cents, instance_id in plan.shipping_lines:
        amount = cents * plan.price_percent // 100
        tax = percent_of(amount, basis_points)
        shipping_total += amount
        shipping_tax += tax
        shipping_lines.append({"id": next_item_id(), "method_title": title, "method_id": method_id,
                               "instance_id": instance_id, "total": cents_to_str(amount),
                               "total_tax": cents_to_str(tax), "taxes": _taxes(rate_id, tax, tax),
                               "tax_status": "taxable", "meta_data": []})

    fee_lines, fees_total = [], 0
    for name, cents in plan.fees:
        amount = cents * plan.price_percent // 100
        fees_total += amount
        fee_lines.append({"id": next_item_id(), "name": name, "tax_class": "", "tax_status": "none",
                          "amount": cents_to_str(amount), "total": cents_to_str(amount), "total_tax": "0.00",
                          "taxes": [], "meta_data": []})

    coupon_lines = []
    if plan.coupon:
        # The coupon as it was when applied (the line's coupon_info meta): type, nominal amount, free shipping.
        coupon_lines.append({"id": next_item_id(), "code": COUPON_CODE, "discount": cents_to_str(discount_total),
                             "discount_tax": cents_to_str(discount_tax), "discount_type": COUPON_DISCOUNT_TYPE,
                             "nominal_amount": COUPON_BASIS_POINTS / 100, "free_shipping": False,
                             "meta_data": []})

    tax_lines = []
    if rate:
        tax_lines.append({"id": next_item_id(), "rate_code": rate[2], "rate_id": rate_id, "label": "State Tax",
                          "compound": False, "tax_total": cents_to_str(cart_tax),
                          "shipping_tax_total": cents_to_str(shipping_tax), "meta_data": []})

    total_tax = cart_tax + shipping_tax
    grand_total = lines_total + shipping_total + fees_total + total_tax
    created_local, created_gmt = woo_dates(plan.created)
    modified_local, modified_gmt = woo_dates(plan.modified)
    paid = plan.status in PAID_STATUSES if plan.paid is None else plan.paid
    paid_local, paid_gmt = woo_dates(plan.created) if paid else (None, None)
    done_local, done_gmt = woo_dates(plan.modified) if plan.status == "completed" else (None, None)
    method, method_title = plan.payment_method or PAYMENT_METHODS[plan.token % len(PAYMENT_METHODS)]
    return {
        "id": plan.order_id, "parent_id": 0, "number": str(plan.order_id),
        "order_key": f"wc_order_{plan.token:013x}"[:22], "created_via": plan.created_via, "version": WC_VERSION,
        "status": plan.status, "currency": plan.currency, "date_created": created_local,
        "date_created_gmt": created_gmt, "date_modified": modified_local, "date_modified_gmt": modified_gmt,
        "discount_total": cents_to_str(discount_total), "discount_tax": cents_to_str(discount_tax),
        "shipping_total": cents_to_str(shipping_total), "shipping_tax": cents_to_str(shipping_tax),
        "cart_tax": cents_to_str(cart_tax), "total": cents_to_str(grand_total),
        "total_tax": cents_to_str(total_tax), "prices_include_tax": False, "customer_id": plan.customer_id,
        "customer_ip_address": f"203.0.113.{plan.token % 250 + 1}", "customer_user_agent": "Mozilla/5.0",
        "customer_note": plan.customer_note, "billing": plan.billing, "shipping": plan.shipping,
        "payment_method": method, "payment_method_title": method_title,
        "transaction_id": f"ch_{plan.token:016x}" if paid_local and method == "stripe" else "",
        "date_paid": paid_local, "date_paid_gmt": paid_gmt, "date_completed": done_local,
        "date_completed_gmt": done_gmt, "cart_hash": f"{plan.token:032x}"[-32:],
        "meta_data": [{"id": next_meta_id(), "key": key, "value": value} for key, value in plan.meta],
        "line_items": line_items, "tax_lines": tax_lines, "shipping_lines": shipping_lines,
        "fee_lines": fee_lines, "coupon_lines": coupon_lines, "refunds": [],
    }


def money_to_cents(text: str) -> int:
    """"-12.5" -> -1250; the inverse of cents_to_str for the two-decimal strings Woo prints."""
    sign = -1 if text.startswith("-") else 1
    whole, _, fraction = text.lstrip("-").partition(".")
    return sign * (int(whole or "0") * 100 + int((fraction + "00")[:2]))


def build_refund(order: dict, plan: RefundPlan, next_item_id: Callable[[], int],
                 next_meta_id: Callable[[], int], manages_stock: Callable[[dict], bool] = lambda line: False) -> dict:
    """A refund as GET /orders/{id}/refunds returns it; the caller adds the summary to the order.

    A restocking refund also leaves on each refunded order line whose product manages stock (`manages_stock`)
    the `_restock_refunded_items` meta, as the API's `api_restock` does; the order's lines are changed in place.
    """
    if plan.kind == "full":
        refunded = [(line, line["quantity"]) for line in order["line_items"]]
        amount = money_to_cents(order["total"])
    elif plan.kind == "line":
        refunded = [(order["line_items"][0], 1)]
        line = order["line_items"][0]
        amount = (money_to_cents(line["total"]) + money_to_cents(line["total_tax"])) // line["quantity"]
    else:
        refunded = []
        amount = max(100, money_to_cents(order["total"]) // 5)
    line_items = []
    for line, quantity in refunded:
        share_total = money_to_cents(line["total"]) * quantity // line["quantity"]
        share_tax = money_to_cents(line["total_tax"]) * quantity // line["quantity"]
        share_subtotal = money_to_cents(line["subtotal"]) * quantity // line["quantity"]
        line_items.append({
            "id": next_item_id(), "name": line["name"], "product_id": line["product_id"],
            "variation_id": line["variation_id"], "quantity": -quantity, "tax_class": "",
            "subtotal": cents_to_str(-share_subtotal), "subtotal_tax": cents_to_str(-share_tax),
            "total": cents_to_str(-share_total), "total_tax": cents_to_str(-share_tax),
            "taxes": [{"id": tax["id"], "total": cents_to_str(-share_tax), "subtotal": cents_to_str(-share_tax)}
                      for tax in line["taxes"]],
            "meta_data": [{"id": next_meta_id(), "key": "_refunded_item_id", "value": str(line["id"])}],
            "sku": line["sku"], "price": -line["price"], "image": dict(line["image"]),
            "parent_name": line["parent_name"],
        })
        if plan.restock and quantity > 0 and manages_stock(line):
            line["meta_data"].append({"id": next_meta_id(), "key": RESTOCKED_META_KEY, "value": str(quantity)})
    local, gmt = woo_dates(plan.created)
    return {"id": plan.refund_id, "date_created": local, "date_created_gmt": gmt, "amount": cents_to_str(amount),
            "reason": plan.reason, "refunded_by": 1, "refunded_payment": order["payment_method"] == "stripe",
            "meta_data": [], "line_items": line_items, "shipping_lines": [],
            "tax_lines": refund_tax_lines(order, line_items, next_item_id), "fee_lines": []}


def refund_tax_lines(order: dict, refund_lines: list[dict], next_item_id: Callable[[], int]) -> list[dict]:
    """The tax items a refund carries: wc_create_refund() calls update_taxes(), which adds one tax item per rate
    named in the refunded lines' taxes, holding their (negative) sum. An amount-only refund has none."""
    totals: dict[int, int] = {}
    for line in refund_lines:
        for tax in line["taxes"]:
            totals[tax["id"]] = totals.get(tax["id"], 0) + money_to_cents(tax["total"])
    rates = {tax_line["rate_id"]: tax_line for tax_line in order["tax_lines"]}
    items = []
    for rate_id, cents in totals.items():
        rate = rates.get(rate_id, {})
        items.append({"id": next_item_id(), "rate_code": rate.get("rate_code", ""), "rate_id": rate_id,
                      "label": rate.get("label", ""), "compound": rate.get("compound", False),
                      "tax_total": cents_to_str(cents), "shipping_tax_total": "0.00", "meta_data": []})
    return items
