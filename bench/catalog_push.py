"""Catalog push scenario: 10,000 SKUs, then 1% / 10% / 100% of the pushed SKUs given a new QAD price, then the
same shares given new QAD stock.

    python -m bench.catalog_push --skus 10000 --changed 1,10,100 --change price,stock --latency-ms 25

The sandboxes run in this process because the scenario changes QAD prices and stock directly. Prints one JSON
object: the first (index-building) push, a push where nothing changed, and one push per change and share.
"""

from __future__ import annotations

import argparse
import json
import math
import os
from collections import defaultdict
from decimal import Decimal
from typing import Any

from bench.environment import SEED, prepare_process, workdir

BATCH_LIMIT = 100  # items per WooCommerce batch request
CHANGES = ("price", "stock")


def run(skus: int, shares: list[int], latency_ms: int, changes: tuple[str, ...] = CHANGES) -> dict[str, Any]:
    with workdir("catalog") as tmp:
        prepare_process(tmp)
        from sandbox.runner import start_sandboxes

        with start_sandboxes(["woocommerce", "qad"], seed=SEED, orders=10, skus=skus,
                             latency_ms=latency_ms) as running:
            os.environ.update(running.env())
            return _pushes(running, skus, shares, latency_ms, changes)


def _pushes(running: Any, skus: int, shares: list[int], latency_ms: int, changes: tuple[str, ...]
            ) -> dict[str, Any]:
    from bench.flow_run import PhaseTimer, counted_flow_context
    from erplink.integrations.qad_woocommerce.catalog import CATALOG_SKU, push_catalog

    fc, counter = counted_flow_context()
    timer = PhaseTimer(counter)
    timer.run("first push (reads the store's index)", lambda: push_catalog(fc), concurrency=1)
    timer.run("nothing changed", lambda: push_catalog(fc), concurrency=1)
    index = {r.key.source_id: r.payload for r in fc.ledger.records(tenant=fc.tenant.name, integration=fc.integration,
                                                                   entity=CATALOG_SKU)}
    active = _erp_items(running)
    # A variable product's own SKU is sold through its variations and never pushed: it is no SKU to change.
    linked = sorted(sku for sku, entry in index.items() if sku in active and not entry.get("variable"))
    pushes = []
    rounds = [(change, share) for change in changes for share in shares]
    for round_number, (change, share) in enumerate(rounds, start=1):
        chosen = linked[: max(1, math.ceil(len(linked) * share / 100))]
        if change == "price":
            _reprice(running, chosen, fc.tenant.erp.price_list, round_number)
        else:
            _restock(running, chosen, [(loc.site, loc.location) for loc in fc.tenant.erp.stock_locations],
                     round_number)
        name = round_name(change, share)
        timer.run(name, lambda: push_catalog(fc), concurrency=1)
        pushes.append({"name": name, "change": change, "share": share, "changed": len(chosen),
                       "floors": floors(chosen, index)})
    phases = timer.to_dict()
    return {"scenario": "catalog push", "skus": skus, "latency_ms": latency_ms, "linked_skus": len(linked),
            "phases": phases, "changed_rounds": pushes}


def _erp_items(running: Any) -> set[str]:
    return {item["itemNumber"] for item in running.qad.state.documents("items") if item.get("status") == "ACTIVE"}


def _reprice(running: Any, chosen: list[str], price_list: str, round_number: int) -> None:
    """Give each chosen SKU a price no earlier round used, so every one of them must be pushed."""
    for offset, sku in enumerate(chosen):
        price = Decimal(1000 + round_number) + Decimal(offset % 100) / 100
        running.qad.state.set_price(sku, price, price_list=price_list, currency="USD")


def round_name(change: str, share: int) -> str:
    return f"{share}% {'repriced' if change == 'price' else 'restocked'}"


def _restock(running: Any, chosen: list[str], locations: list[tuple[str, str]], round_number: int) -> None:
    """Give each chosen SKU an available quantity no earlier round (nor the seed, below 1,000) gave it."""
    for offset, sku in enumerate(chosen):
        on_hand = Decimal(1000 * round_number + offset % 100)
        for site, location in locations:
            running.qad.state.set_stock(sku, site, location, on_hand=on_hand, allocated=Decimal(0),
                                        committed=Decimal(0))


def floors(changed: list[str], index: dict[str, dict[str, Any]]) -> dict[str, int]:
    """``issue``: ceil(changed / 100) batch requests. ``protocol``: WooCommerce batches variations per parent
    product, so changed variations cost one request per parent (per 100 of its variations)."""
    simple = sum(1 for sku in changed if index[sku].get("parent_id") is None)
    per_parent: dict[int, int] = defaultdict(int)
    for sku in changed:
        if (parent := index[sku].get("parent_id")) is not None:
            per_parent[parent] += 1
    protocol = math.ceil(simple / BATCH_LIMIT) + sum(math.ceil(n / BATCH_LIMIT) for n in per_parent.values())
    return {"issue": math.ceil(len(changed) / BATCH_LIMIT), "protocol": protocol}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skus", type=int, default=10_000)
    parser.add_argument("--changed", default="1,10,100", help="comma-separated percentages of SKUs to change")
    parser.add_argument("--change", default=",".join(CHANGES), help="what each round changes: price, stock or both")
    parser.add_argument("--latency-ms", type=int, default=25)
    args = parser.parse_args()
    shares = [int(part) for part in args.changed.split(",") if part.strip()]
    changes = tuple(part.strip() for part in args.change.split(",") if part.strip())
    if unknown := set(changes) - set(CHANGES):
        parser.error(f"--change takes {', '.join(CHANGES)}; not {', '.join(sorted(unknown))}")
    print(json.dumps(run(args.skus, shares, args.latency_ms, changes)))


if __name__ == "__main__":
    main()
