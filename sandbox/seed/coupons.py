"""The store's coupons: the one orders use, and a few more with other discount types and recent edits."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sandbox.seed.clock import woo_dates
from sandbox.seed.money import cents_to_str
from sandbox.seed.orders import COUPON_BASIS_POINTS, COUPON_CODE, COUPON_DISCOUNT_TYPE


@dataclass(frozen=True)
class CouponPlan:
    code: str
    discount_type: str  # percent, fixed_cart or fixed_product
    amount_cents: int  # a percentage times 100 for `percent`
    free_shipping: bool
    description: str
    created_days_ago: int
    modified_days_ago: int


COUPON_PLANS = (
    CouponPlan(COUPON_CODE, COUPON_DISCOUNT_TYPE, COUPON_BASIS_POINTS, False, "10% off everything", 800, 800),
    CouponPlan("freeship", "fixed_cart", 0, True, "Free shipping", 120, 30),
    CouponPlan("welcome5", "fixed_cart", 500, False, "5 off a first order", 20, 1),
)


def coupon_uses(orders: list[dict], code: str) -> list[str]:
    """`used_by` of a coupon: the customer id, or the billing email of a guest, once per order that holds it.
    wc_update_coupon_usage_counts() gives a use back when its order is cancelled."""
    return [str(o["customer_id"]) if o["customer_id"] else o["billing"]["email"] for o in orders
            if o["status"] != "cancelled" and any(c["code"] == code for c in o["coupon_lines"])]


def build_coupons(orders: list[dict], now: datetime, next_post_id: Callable[[], int]) -> list[dict]:
    """Coupons as GET /coupons returns them (the v2 coupons controller's `get_formatted_item_data()`)."""
    coupons = []
    for plan in COUPON_PLANS:
        created_local, created_gmt = woo_dates(now - timedelta(days=plan.created_days_ago))
        modified_local, modified_gmt = woo_dates(now - timedelta(days=plan.modified_days_ago))
        used_by = coupon_uses(orders, plan.code)
        coupons.append({
            "id": next_post_id(), "code": plan.code, "amount": cents_to_str(plan.amount_cents), "status": "publish",
            "date_created": created_local, "date_created_gmt": created_gmt, "date_modified": modified_local,
            "date_modified_gmt": modified_gmt, "discount_type": plan.discount_type, "description": plan.description,
            "date_expires": None, "date_expires_gmt": None, "usage_count": len(used_by), "individual_use": False,
            "product_ids": [], "excluded_product_ids": [], "usage_limit": None, "usage_limit_per_user": None,
            "limit_usage_to_x_items": None, "free_shipping": plan.free_shipping, "product_categories": [],
            "excluded_product_categories": [], "exclude_sale_items": False, "minimum_amount": "0.00",
            "maximum_amount": "0.00", "email_restrictions": [], "used_by": used_by, "meta_data": [],
        })
    return coupons
