"""A WooCommerce order's fee lines as a BigCommerce order records them.

A positive fee is one of the order's fees (`orders.v2.oas2.yml` `orderFees_Resp`): served inside the order only
with `include=fees`, and at `/orders/{order_id}/fees`. A negative fee is how WooCommerce takes an ad-hoc amount
off an order; BigCommerce records that as a manual discount: the order's `discount_amount` (never negative),
spread over the products in proportion to their price as `applied_discounts` named "Manual Discount"
(`orderProductAppliedDiscounts`: `(total_manual_discount*price_ex_tax)/subtotal_ex_tax`), each product's
`total_tax` then being the tax of its discounted price (`total_tax`). The order's own totals need no change:
the world's order total is what the shopper paid, fees and ad-hoc discounts included.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sandbox.bigcommerce.money import v2_money, v3_number

CENT = Decimal("0.01")
FEE_SOURCE = "v2"
"""[assumed] `source` is "the source of the request"; the schema's example value (the other example says "AA")."""


def _fee(line: dict[str, Any]) -> dict[str, Any]:
    amount, tax = Decimal(line["total"]), Decimal(line["total_tax"])
    return {
        "id": line["id"],  # the fee line's id is kept, as order line ids are
        "type": "custom_fee",
        "display_name_customer": line["name"],
        "display_name_merchant": line["name"],
        "source": FEE_SOURCE,
        "base_cost": v2_money(amount),
        "cost_ex_tax": v2_money(amount),
        "cost_inc_tax": v2_money(amount + tax),
        "cost_tax": v2_money(tax),
        "tax_class_id": None,  # the store's default tax class for fees (a WooCommerce fee's standard class)
    }


def order_fees(woo: dict[str, Any]) -> list[dict[str, Any]]:
    """The order's fees: its positive fee lines."""
    return [_fee(line) for line in woo["fee_lines"] if Decimal(line["total"]) > 0]


def manual_discount(woo: dict[str, Any]) -> tuple[Decimal, Decimal]:
    """(amount, tax) the order's negative fee lines took off, both as positive numbers."""
    negative = [line for line in woo["fee_lines"] if Decimal(line["total"]) < 0]
    amount = -sum((Decimal(line["total"]) for line in negative), Decimal(0))
    tax = -sum((Decimal(line["total_tax"]) for line in negative), Decimal(0))
    return amount, tax


def _shares(total: Decimal, weights: list[Decimal]) -> list[Decimal]:
    """`total` split in proportion to `weights`, to the cent; the last takes what rounding left, so the shares
    add up to `total` exactly."""
    whole = sum(weights, Decimal(0))
    if not weights:
        return []
    if whole == 0:
        return [Decimal(0)] * (len(weights) - 1) + [total]
    shares = [(total * weight / whole).quantize(CENT, rounding=ROUND_HALF_UP) for weight in weights[:-1]]
    return [*shares, total - sum(shares, Decimal(0))]


def spread_manual_discount(products: list[dict[str, Any]], amount: Decimal, tax: Decimal) -> None:
    """Give each order product its share of a manual discount (in place): an `applied_discounts` entry, and its
    `total_tax` less its share of the discount's tax."""
    if not amount and not tax:
        return
    weights = [Decimal(row["base_total"]) for row in products]
    for row, share, tax_share in zip(products, _shares(amount, weights), _shares(tax, weights), strict=True):
        row["applied_discounts"] = [
            *row["applied_discounts"],
            {"id": "manual-discount", "amount": v2_money(share), "name": "Manual Discount", "code": None,
             "target": "order"},
        ]  # fmt: skip
        if tax_share:
            row["total_tax"] = v2_money(Decimal(row["total_tax"]) - tax_share)


def fee_refund_items(fees: list[dict[str, Any]], reason: str) -> list[dict[str, Any]]:
    """What a refund of the whole order gives back of its fees: one `FEE` item a fee (`orders.v3.yml` `RefundItem`;
    `item_id` the fee's id, as refund quotes take it, API-FACTS section 2)."""
    return [
        {"item_type": "FEE", "item_id": fee["id"], "reason": reason, "requested_amount": v3_number(fee["cost_inc_tax"])}
        for fee in fees
    ]
