"""BigCommerce's order statuses (`GET /v2/order_statuses`, ids fixed by the platform) and how the seeded
WooCommerce statuses map onto them."""

from __future__ import annotations

STATUS_NAMES = {
    0: "Incomplete",
    1: "Pending",
    2: "Shipped",
    3: "Partially Shipped",
    4: "Refunded",
    5: "Cancelled",
    6: "Declined",
    7: "Awaiting Payment",
    8: "Awaiting Pickup",
    9: "Awaiting Shipment",
    10: "Completed",
    11: "Awaiting Fulfillment",
    12: "Manual Verification Required",
    13: "Disputed",
    14: "Partially Refunded",
}

FROM_WOO = {
    "pending": 7,
    "processing": 11,
    "on-hold": 12,
    "completed": 10,
    "cancelled": 5,
    "refunded": 4,
    "failed": 6,
    "trash": 5,
}
"""`trash` becomes a cancelled order that is also archived (`is_deleted`)."""

PARTIALLY_REFUNDED = 14
PAYMENT_STATUS = {7: "", 6: "declined", 5: "void", 4: "refunded", 14: "partially refunded"}
