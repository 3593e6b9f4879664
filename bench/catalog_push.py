"""Catalog push scenario: 10,000 SKUs, then 1% / 10% / 100% of the pushed SKUs given a new QAD price.

    python -m bench.catalog_push --skus 10000 --changed 1,10,100 --latency-ms 25

The sandboxes run in this process because the scenario changes QAD prices directly. Prints one JSON object:
the first (index-building) push, a push where nothing changed, and one push per changed share.
"""

from __future__ import annotations

import argparse
import json
import math
import os
from collections import defaultdict
from decimal import Decimal
from typing import Any

from bench.environment import prepare_process, workdir

BATCH_LIMIT = 100  # items per WooCommerce batch request


def run(skus: int, shares: list[int], latency_ms: int) -> dict[str, Any]:
    with workdir("catalog") as tmp:
        prepare_process(tmp)
        from sandbox.runner import start_sandboxes

        with start_sandboxes(["woocommerce", "qad"], orders=10, skus=skus, latency_ms=latency_ms) as running:
            os.environ.update(running.env())
            return _pushes(running, skus, shares, latency_ms)


def _pushes(running: Any, skus: int, shares: list[int], latency_ms: int) -> dict[str, Any]:
    from bench.flow_run import PhaseTimer, counted_flow_context
    from erplink.flows.qad_catalog_push import CATALOG_SKU, push_catalog

    fc, counter = counted_flow_context()
    timer = PhaseTimer(counter)
    timer.run("first push (reads the store's index)", lambda: push_catalog(fc), concurrency=1)
    timer.run("nothing changed", lambda: push_catalog(fc), concurrency=1)
    index = {r.key.source_id: r.payload for r in fc.ledger.records(tenant=fc.tenant.name, integration=fc.integration,
                                                                   entity=CATALOG_SKU)}
    active = _erp_items(running)
    linked = sorted(sku for sku in index if sku in active)
    pushes = []
    for round_number, share in enumerate(shares, start=1):
        chosen = linked[: max(1, math.ceil(len(linked) * share / 100))]
        _reprice(running, chosen, fc.tenant.erp.price_list, round_number)
        timer.run(f"{share}% changed", lambda: push_catalog(fc), concurrency=1)
        pushes.append({"share": share, "changed": len(chosen), "floors": floors(chosen, index)})
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
    parser.add_argument("--changed", default="1,10,100", help="comma-separated percentages of SKUs to reprice")
    parser.add_argument("--latency-ms", type=int, default=25)
    args = parser.parse_args()
    shares = [int(part) for part in args.changed.split(",") if part.strip()]
    print(json.dumps(run(args.skus, shares, args.latency_ms)))


if __name__ == "__main__":
    main()
