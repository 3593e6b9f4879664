"""Acumatica ↔ WooCommerce catalog push: a 1,000-item catalog pushed, then pushed again with nothing changed, then
with 10 % of the store-linked items restocked in Acumatica, then 10 % repriced.

    python -m bench.acumatica_catalog --skus 1000 --share 10 --latency-ms 25

Acumatica is read by modification time: after the first push (which reads every stock item and the stock
inquiry once), a push reads what changed since the marks. The sandboxes run in this process because the
scenario changes Acumatica's stock and prices directly. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import math
import os
from decimal import Decimal
from typing import Any

from bench.catalog_push import floors as store_floors
from bench.environment import SEED, prepare_process, workdir

TENANT = "demo_acumatica"


def run(skus: int, share: int, latency_ms: int) -> dict[str, Any]:
    with workdir("acumatica-catalog") as tmp:
        prepare_process(tmp, tenant=TENANT)
        from sandbox.runner import start_sandboxes

        with start_sandboxes(["woocommerce", "acumatica"], seed=SEED, orders=10, skus=skus,
                             latency_ms=latency_ms) as running:
            os.environ.update(running.env())
            return _pushes(running, skus, share, latency_ms)


def _pushes(running: Any, skus: int, share: int, latency_ms: int) -> dict[str, Any]:
    from bench.acumatica_sync import task_contexts
    from bench.flow_run import PhaseTimer
    from erplink.integrations.acumatica_woocommerce.catalog import push_catalog
    from erplink.systems.woocommerce.catalog_apply import CATALOG_SKU

    context, counter = task_contexts()
    timer = PhaseTimer(counter)
    timer.run("first push (reads everything)", lambda: push_catalog(context("push_catalog")), concurrency=1)
    timer.run("nothing changed", lambda: push_catalog(context("push_catalog")), concurrency=1)
    fc = context("read-back")
    index = {r.key.source_id: r.payload for r in fc.ledger.records(tenant=fc.tenant.name, integration=fc.integration,
                                                                   entity=CATALOG_SKU)}
    state = running.acumatica.state
    sellable = {item["InventoryID"]["value"] for item in state.documents("StockItem")
                if item["ItemStatus"]["value"] == "Active"}
    linked = sorted(sku for sku, entry in index.items() if sku in sellable and not entry.get("variable"))
    chosen = linked[: max(1, math.ceil(len(linked) * share / 100))]
    rounds = []
    for offset, sku in enumerate(chosen):
        state.set_stock(sku, "WH1", on_hand=Decimal(5000 + offset), allocated=Decimal(0), committed=Decimal(0))
    name = f"{share}% restocked"
    timer.run(name, lambda: push_catalog(context("push_catalog")), concurrency=1)
    rounds.append({"name": name, "changed": len(chosen), "floors": store_floors(chosen, index)})
    for offset, sku in enumerate(chosen):
        state.alter_document("StockItem", [sku], {"DefaultPrice": {"value": 2000 + offset / 100}})
    name = f"{share}% repriced"
    timer.run(name, lambda: push_catalog(context("push_catalog")), concurrency=1)
    rounds.append({"name": name, "changed": len(chosen), "floors": store_floors(chosen, index)})
    return {"scenario": "acumatica catalog push", "skus": skus, "latency_ms": latency_ms, "linked_skus": len(linked),
            "phases": timer.to_dict(), "changed_rounds": rounds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skus", type=int, default=1000)
    parser.add_argument("--share", type=int, default=10, help="percent of the linked items changed per round")
    parser.add_argument("--latency-ms", type=int, default=25)
    args = parser.parse_args()
    print(json.dumps(run(args.skus, args.share, args.latency_ms)))


if __name__ == "__main__":
    main()
