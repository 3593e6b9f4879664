"""Adobe Commerce (Magento) order states: the fixed set a tenant's ``orders.sale_statuses`` names.

An order carries a ``state`` and a ``status``. The status is a label a merchant may add and rename (Stores > Order
Status) and assigns to a state; the state is Magento's own, one of a fixed list (``Magento\\Sales\\Model\\Order``
``STATE_*``). The state is what is read, so a renamed or custom status never changes what an order means.
"""

from __future__ import annotations

ORDER_STATES = frozenset(
    {
        "new",  # placed, nothing invoiced yet
        "pending_payment",  # waiting for an off-site payment to come back
        "payment_review",  # the payment is held for fraud review
        "processing",  # invoiced or shipped, not both completely
        "complete",  # invoiced and shipped
        "closed",  # refunded in full by credit memos
        "canceled",
        "holded",  # on hold (Magento's spelling)
    }
)
# A closed order was invoiced first: it was a sale, and its credit memos give the money back.
ALWAYS_SOLD_STATES = ("closed",)
CANCELLED_STATES = ("canceled",)


def state_code(state: object) -> str | None:
    """The order's state; None for anything that is not one of Magento's states."""
    if not isinstance(state, str):
        return None
    code = state.strip().lower()
    return code if code in ORDER_STATES else None
