"""Order fields a 9.9.5 store computes when it answers rather than stores: the currency symbol, the payment URL
and the `is_editable` / `needs_payment` / `needs_processing` flags (WC_REST_Orders_V2_Controller
`get_formatted_item_data()`, which calls the WC_Order methods of the same names)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from sandbox.seed.orders import money_to_cents
from sandbox.woocommerce.origin import ORIGIN_MARKER

# get_woocommerce_currency_symbol() for the currencies the seed and the tests use, as characters; an unknown code
# has no symbol ('').
CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "CAD": "$", "AUD": "$", "JPY": "¥", "CHF": "CHF"}
# WC_Order::is_editable(): the statuses the Edit Order screen lets a manager change items in.
EDITABLE_STATUSES = frozenset({"pending", "on-hold", "auto-draft"})
# WC_Order::needs_payment(): `woocommerce_valid_order_statuses_for_payment`, to which the checkout block's draft
# orders add `checkout-draft`.
PAYABLE_STATUSES = frozenset({"pending", "failed", "checkout-draft"})
CHECKOUT_PATH = "/checkout/"

ProductLookup = Callable[[int, int], Mapping[str, Any] | None]  # (product id, variation id) -> document


# A document a broken plugin saved may lack any field or hold any value; the store still answers with it (WC_Order
# falls back to its defaults), so every computation below reads defensively.


def currency_symbol(currency: Any) -> str:
    return CURRENCY_SYMBOLS.get(currency, "") if isinstance(currency, str) else ""


def is_editable(order: Mapping[str, Any]) -> bool:
    return order.get("status") in EDITABLE_STATUSES


def needs_payment(order: Mapping[str, Any]) -> bool:
    try:
        return order.get("status") in PAYABLE_STATUSES and money_to_cents(order.get("total")) > 0
    except (AttributeError, TypeError, ValueError, ArithmeticError):
        return False


def needs_processing(order: Mapping[str, Any], product_of: ProductLookup) -> bool:
    """True when some line's product still exists and is not both virtual and downloadable (the status plays no
    part: WC_Order::needs_processing() looks at the items only)."""
    lines = order.get("line_items")
    for line in lines if isinstance(lines, list) else []:
        if not isinstance(line, Mapping) or not isinstance(line.get("product_id"), int):
            continue
        variation = line.get("variation_id")
        product = product_of(line["product_id"], variation if isinstance(variation, int) else 0)
        if product is not None and not (product.get("virtual") and product.get("downloadable")):
            return True
    return False


def payment_url(order: Mapping[str, Any]) -> str:
    """WC_Order::get_checkout_payment_url(): the checkout page's `order-pay` endpoint with `pay_for_order` and the
    order key, on the origin of the request (a marker here, spliced in per response)."""
    return (f"{ORIGIN_MARKER}{CHECKOUT_PATH}order-pay/{order.get('id')}/?pay_for_order=true"
            f"&key={order.get('order_key', '')}")


def with_computed_fields(order: Mapping[str, Any], product_of: ProductLookup) -> dict:
    """The order as the controller prints it: `currency_symbol` after `currency`, the rest after `refunds`."""
    view: dict[str, Any] = {}
    for key, value in order.items():
        view[key] = value
        if key == "currency":
            view["currency_symbol"] = currency_symbol(value)
    view.update(payment_url=payment_url(order), is_editable=is_editable(order), needs_payment=needs_payment(order),
                needs_processing=needs_processing(order, product_of))
    return view
