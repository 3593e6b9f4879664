"""Orders that share a modification second, as every real store has them.

Bulk actions in the orders screen, imports, and any `orders/batch` update (up to 100 orders in one request, which
is how an integration writes its references back) stamp many orders with the same second. A store on order
tables sorts by that second alone, so these ties are what a page walk has to survive: the seeded worlds always
carry them. A separate generator keeps the rest of the world as it was without them.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime, timedelta

from sandbox.seed.orders import OrderPlan

BATCH_SIZE = 100  # orders/batch takes at most 100 items
ORDERS_PER_BULK_EDIT = 150  # one bulk edit for every 150 orders of history


def apply_bulk_edits(plans: list[OrderPlan], *, seed: int, now: datetime, history: timedelta) -> None:
    """Give a fifth of the orders, up to 100, each of a few seconds (recent ones likelier) as their modification time."""
    rng = random.Random(f"{seed}:bulk-edits")
    size = min(BATCH_SIZE, max(2, len(plans) // 5))  # a small world keeps distinct seconds beside its ties
    for _ in range(max(1, len(plans) // ORDERS_PER_BULK_EDIT)):
        moment = (now - history * rng.random() ** 2 - timedelta(minutes=10)).replace(microsecond=0)
        eligible = [index for index, plan in enumerate(plans) if plan.created < moment]
        for index in rng.sample(eligible, min(size, len(eligible))):
            if plans[index].modified < moment:
                plans[index] = replace(plans[index], modified=moment)
