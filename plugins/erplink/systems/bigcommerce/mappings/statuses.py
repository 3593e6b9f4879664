"""BigCommerce's order statuses: a fixed set of ids, named here by codes a tenant can list.

The ``status`` and ``custom_status`` texts on an order are labels a merchant may rename in the control panel, so
the id is what is read; the code is the system label in lower case with underscores (v2 ``GET /order_statuses``).
"""

from __future__ import annotations

STATUS_CODES: dict[int, str] = {
    0: "incomplete",
    1: "pending",
    2: "shipped",
    3: "partially_shipped",
    4: "refunded",
    5: "cancelled",
    6: "declined",
    7: "awaiting_payment",
    8: "awaiting_pickup",
    9: "awaiting_shipment",
    10: "completed",
    11: "awaiting_fulfillment",
    12: "manual_verification_required",
    13: "disputed",
    14: "partially_refunded",
}

ORDER_STATUSES = frozenset(STATUS_CODES.values())
# An incomplete order is a checkout the shopper left before paying: it can carry no payment.
MONEYLESS_STATUSES = frozenset({"incomplete"})


def status_code(status_id: object) -> str | None:
    """The code of a ``status_id``; None for anything that is not one of BigCommerce's status ids."""
    if isinstance(status_id, bool) or not isinstance(status_id, int):
        return None
    return STATUS_CODES.get(status_id)
