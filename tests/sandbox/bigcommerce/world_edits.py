"""Changes to a generated world that its generator never makes, for the BigCommerce sandbox's tests."""

from __future__ import annotations

import copy
from decimal import Decimal

from sandbox.seed import World

CENT = Decimal("0.01")


def with_ad_hoc_discounts(world: World, every: int) -> World:
    """A copy of `world` in which every `every`-th order without refunds (0: none) has a WooCommerce ad-hoc
    discount: a negative fee line of a tenth of its goods (at least a cent), its total lowered by as much."""
    if not every:
        return world
    changed = copy.deepcopy(world)
    next_item_id = 1 + max(
        item["id"] for order in changed.orders for key in ("line_items", "fee_lines") for item in order[key]
    )
    for index, order in enumerate(changed.orders):
        if index % every or order["refunds"]:
            continue
        goods = sum((Decimal(line["total"]) for line in order["line_items"]), Decimal(0))
        discount = max(CENT, (goods / 10).quantize(CENT))
        order["fee_lines"] = [
            *order["fee_lines"],
            {"id": next_item_id, "name": "Loyalty discount", "tax_class": "", "tax_status": "none",
             "amount": f"{-discount}", "total": f"{-discount}", "total_tax": "0.00", "taxes": [], "meta_data": []},
        ]  # fmt: skip
        order["total"] = f"{Decimal(order['total']) - discount}"
        next_item_id += 1
    return changed
